package io.caravan.feedback;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads feedback mailbox messages with Jakarta Mail: ARF complaint reports (RFC 5965, as Yahoo's CFL,
 * Microsoft's JMRP, AOL and others send them) and delivery status notifications (RFC 3464), both
 * {@code multipart/report}. The report part's fields are read as header blocks ({@link InternetHeaders}); the
 * returned original (a {@code message/rfc822} or {@code text/rfc822-headers} part) gives the
 * {@link FeedbackRef} that matches the report to our queue id, and, where the report redacts it, the
 * complained-about recipient (Microsoft's {@code X-HmXmrOriginalRecipient}, else a single {@code To}).
 */
public final class ReportParser {

    private static final Session SESSION = Session.getInstance(new Properties());

    private ReportParser() {
    }

    /** @param keys the node's reference keys, which open the returned original's {@link FeedbackRef} */
    public static FeedbackReport parse(byte[] raw, RefKeys keys) throws MalformedReport {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            ContentType type = new ContentType(message.getContentType());
            if (!type.match("multipart/report")) {
                throw new MalformedReport("not a multipart/report but " + type.getBaseType());
            }
            String reportType = lower(type.getParameter("report-type"));
            MimeMultipart parts = new MimeMultipart(new ByteArrayDataSource(message.getRawInputStream(),
                    message.getContentType()));
            BodyPart report = null;
            BodyPart original = null;
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart p = parts.getBodyPart(i);
                String pt = lower(new ContentType(p.getContentType()).getBaseType());
                if (pt.equals("message/feedback-report") || pt.equals("message/delivery-status")
                        || pt.equals("message/global-delivery-status")) {
                    report = p;
                } else if (i > 0 && (pt.equals("message/rfc822") || pt.equals("text/rfc822-headers")
                        || pt.equals("message/global") || pt.equals("message/global-headers"))) {
                    original = p;
                }
            }
            if (report == null) {
                throw new MalformedReport("multipart/report (" + reportType + ") without a report part");
            }
            InternetHeaders returned = original == null ? null
                    : new InternetHeaders(new ByteArrayInputStream(raw(original)));
            ReturnPath path = returnPath(message, returned, keys);
            FeedbackReport r;
            if ("feedback-report".equals(reportType) || lower(report.getContentType()).startsWith("message/feedback")) {
                r = arf(blocks(raw(report)), returned, keys);
            } else {
                r = dsn(blocks(raw(report)), returned, keys);
            }
            return path == null ? r : new FeedbackReport(r.kind(), r.feedbackType(), r.recipients(), r.sourceIp(),
                    r.reportedDomain(), r.reporter(), r.ref(), r.originalFrom(), path);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new MalformedReport("cannot read the report: " + e.getMessage(), e);
        }
    }

    private static FeedbackReport arf(List<InternetHeaders> blocks, InternetHeaders returned, RefKeys keys)
            throws MalformedReport {
        InternetHeaders f = blocks.get(0);
        String type = lower(one(f, "Feedback-Type"));
        if (type.isEmpty()) {
            throw new MalformedReport("an ARF report without Feedback-Type");
        }
        List<FeedbackReport.ReportedRecipient> rcpts = new ArrayList<>();
        String[] given = f.getHeader("Original-Rcpt-To");
        if (given != null) {
            for (String r : given) {
                rcpts.add(new FeedbackReport.ReportedRecipient(address(r), null, null, null));
            }
        } else if (returned != null) {
            String r = first(returned, "X-HmXmrOriginalRecipient");
            if (r == null) {
                String[] to = returned.getHeader("To");
                String only = to == null || to.length != 1 || to[0].contains(",") ? null : address(to[0]);
                r = only;
            }
            if (r != null && r.contains("@")) {
                rcpts.add(new FeedbackReport.ReportedRecipient(address(r), null, null, null));
            }
        }
        FeedbackReport.Kind kind = type.equals("not-spam") ? FeedbackReport.Kind.OTHER : FeedbackReport.Kind.COMPLAINT;
        String mailFrom = first(f, "Original-Mail-From");
        return new FeedbackReport(kind, type, rcpts, strip(first(f, "Source-IP")), first(f, "Reported-Domain"),
                first(f, "User-Agent"), ref(returned, keys), originalDomain(returned, mailFrom), null);
    }

    private static FeedbackReport dsn(List<InternetHeaders> blocks, InternetHeaders returned, RefKeys keys)
            throws MalformedReport {
        if (blocks.size() < 2) {
            throw new MalformedReport("a delivery-status without a recipient block");
        }
        String reporter = first(blocks.get(0), "Reporting-MTA");
        List<FeedbackReport.ReportedRecipient> rcpts = new ArrayList<>();
        for (InternetHeaders b : blocks.subList(1, blocks.size())) {
            String rcpt = first(b, "Original-Recipient");
            String fin = first(b, "Final-Recipient");
            String address = address(fin != null ? fin : rcpt);
            String action = lower(one(b, "Action"));
            String status = strip(one(b, "Status"));
            if (address == null || action.isEmpty() || status.isEmpty()) {
                throw new MalformedReport("a delivery-status recipient block without Final-Recipient, Action or Status");
            }
            rcpts.add(new FeedbackReport.ReportedRecipient(address, action, status, first(b, "Diagnostic-Code")));
        }
        boolean bounce = rcpts.stream().anyMatch(r -> r.action().equals("failed"));
        return new FeedbackReport(bounce ? FeedbackReport.Kind.BOUNCE : FeedbackReport.Kind.DELAY, null, rcpts, null,
                null, reporter, ref(returned, keys), originalDomain(returned, null), null);
    }

    /** The header blocks of a report part, separated by empty lines. */
    private static List<InternetHeaders> blocks(byte[] content) throws MessagingException {
        List<InternetHeaders> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        while (true) {
            InternetHeaders h = new InternetHeaders(in);
            if (!h.getAllHeaders().hasMoreElements()) {
                if (in.available() == 0) {
                    break;
                }
                continue; // an extra empty line between blocks
            }
            out.add(h);
        }
        if (out.isEmpty()) {
            throw new MessagingException("an empty report part");
        }
        return out;
    }

    private static byte[] raw(BodyPart p) throws MessagingException, IOException {
        try (InputStream in = ((jakarta.mail.internet.MimeBodyPart) p).getRawInputStream()) {
            byte[] bytes = in.readAllBytes();
            String cte = p.getHeader("Content-Transfer-Encoding") == null ? null
                    : p.getHeader("Content-Transfer-Encoding")[0];
            if (cte == null || cte.equalsIgnoreCase("7bit") || cte.equalsIgnoreCase("8bit")) {
                return bytes;
            }
            try (InputStream decoded = jakarta.mail.internet.MimeUtility.decode(new ByteArrayInputStream(bytes), cte)) {
                return decoded.readAllBytes();
            }
        }
    }

    private static FeedbackRef ref(InternetHeaders returned, RefKeys keys) {
        if (returned == null) {
            return null;
        }
        String[] v = returned.getHeader(FeedbackRef.HEADER);
        return v == null || v.length == 0 ? null : FeedbackRef.parse(v[0], keys);
    }

    /**
     * The VERP return path of ours the report names: in its own header section (the To of a DSN, which is sent
     * to the return path; Delivered-To, X-Original-To or a Received line's "for" the mailbox's server added;
     * after forwarding, an SRS address that carries it), else the returned original's Return-Path.
     */
    private static ReturnPath returnPath(MimeMessage message, InternetHeaders returned, RefKeys keys)
            throws MessagingException {
        StringBuilder text = new StringBuilder();
        for (java.util.Enumeration<String> e = message.getAllHeaderLines(); e.hasMoreElements(); ) {
            text.append(e.nextElement()).append('\n');
        }
        ReturnPath found = ReturnPath.find(text.toString(), keys);
        if (found == null && returned != null) {
            String[] rp = returned.getHeader("Return-Path");
            found = rp == null ? null : ReturnPath.find(String.join("\n", rp), keys);
        }
        return found;
    }

    private static String originalDomain(InternetHeaders returned, String mailFrom) {
        String from = returned == null ? null : first(returned, "From");
        for (String candidate : new String[] {from, mailFrom}) {
            String a = address(candidate);
            if (a != null) {
                return a.substring(a.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** An address from "rfc822; a@b", "<a@b>", "Name <a@b>"; null when there is none. */
    static String address(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int semi = v.indexOf(';');
        if (semi >= 0 && v.substring(0, semi).strip().matches("(?i)rfc822|utf-8")) {
            v = v.substring(semi + 1).strip();
        }
        try {
            InternetAddress[] list = InternetAddress.parseHeader(v, false);
            v = list.length == 0 ? v : list[0].getAddress();
        } catch (jakarta.mail.internet.AddressException e) {
            // a bare address the parser does not like: take it as it is
        }
        v = v.replace("<", "").replace(">", "").strip();
        int at = v.lastIndexOf('@');
        return at > 0 && at < v.length() - 1 && !v.contains(" ") ? v : null;
    }

    private static String one(InternetHeaders h, String name) {
        String v = first(h, name);
        return v == null ? "" : v;
    }

    private static String first(InternetHeaders h, String name) {
        if (h == null) {
            return null;
        }
        String[] v = h.getHeader(name);
        return v == null || v.length == 0 ? null : v[0].replace("\r\n", "").strip();
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
