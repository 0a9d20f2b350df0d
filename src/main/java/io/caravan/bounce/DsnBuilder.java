package io.caravan.bounce;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import io.caravan.smtp.Xtext;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;

/**
 * Builds RFC 3464 delivery status notifications for the sender of a message that failed (or, on
 * request, is delayed) for some recipients.
 *
 * <p>Rules: no DSN to the null sender (it would loop); a recipient with NOTIFY=NEVER is never
 * reported; a failure is reported unless NOTIFY was given without FAILURE; a delay is reported
 * only when the recipient asked for DELAY explicitly (RFC 3461 §4.1 lets the MTA choose, and
 * unrequested delay warnings mostly confuse people). RET=HDRS returns only the headers of the
 * original (text/rfc822-headers); otherwise the whole message is returned (message/rfc822), as
 * Postfix does, unless it is larger than the return limit (then headers only, as Postfix's
 * bounce_size_limit does), or it came with REQUIRETLS (then headers only: the DSN goes from the
 * null sender, which RFC 8689 exempts from REQUIRETLS, so the body its sender wanted kept off
 * cleartext paths is not sent back on one).
 */
public final class DsnBuilder {

    public enum Kind { FAILED, DELAYED }

    /** Postfix's bounce_size_limit: a longer original is returned as its headers only. */
    public static final int DEFAULT_RETURN_LIMIT = 50_000;

    private final String hostname;
    private final Clock clock;
    private final int returnLimit;
    private final Session session = Session.getInstance(new Properties());

    /** @param hostname this MTA's name: Reporting-MTA and the MAILER-DAEMON address */
    public DsnBuilder(String hostname, Clock clock) {
        this(hostname, clock, DEFAULT_RETURN_LIMIT);
    }

    /** @param returnLimit largest original (bytes) returned whole; longer ones come back as headers */
    public DsnBuilder(String hostname, Clock clock, int returnLimit) {
        this.hostname = hostname;
        this.clock = clock;
        this.returnLimit = returnLimit;
    }

    /** The largest original returned whole; above it, only its header section is read. */
    public int returnLimit() {
        return returnLimit;
    }

    public Optional<Dsn> build(Envelope envelope, byte[] original, List<RecipientReport> reports, Kind kind) {
        return build(envelope, original, original.length, reports, kind);
    }

    /**
     * @param original     the original message, or when {@code originalSize} is above the return limit
     *                     at least its header section (a large body is not read into the heap for a DSN)
     * @param originalSize the original's size in octets
     */
    public Optional<Dsn> build(Envelope envelope, byte[] original, long originalSize, List<RecipientReport> reports,
                               Kind kind) {
        if (envelope.nullSender()) {
            return Optional.empty();
        }
        List<RecipientReport> wanted = reports.stream().filter(r -> wanted(r.recipient(), kind)).toList();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Dsn(envelope.mailFrom(), write(envelope, original, originalSize, wanted, kind)));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot build DSN for " + envelope.queueId() + ": " + e.getMessage(), e);
        }
    }

    static boolean wanted(Recipient recipient, Kind kind) {
        if (recipient.notifyOn().contains(Recipient.Notify.NEVER)) {
            return false;
        }
        return kind == Kind.FAILED ? recipient.wantsFailureReport()
                : recipient.notifyOn().contains(Recipient.Notify.DELAY);
    }

    private byte[] write(Envelope envelope, byte[] original, long originalSize, List<RecipientReport> reports,
                         Kind kind)
            throws MessagingException, IOException {
        DeliveryStatus status = new DeliveryStatus();
        InternetHeaders perMessage = new InternetHeaders();
        perMessage.addHeader("Reporting-MTA", "dns; " + hostname);
        if (envelope.envid() != null) {
            perMessage.addHeader("Original-Envelope-Id", Xtext.decode(envelope.envid()));
        }
        if (envelope.receivedAt() != null) {
            perMessage.addHeader("Arrival-Date", date(new Date(envelope.receivedAt().toEpochMilli())));
        }
        status.setMessageDSN(perMessage);
        for (RecipientReport r : reports) {
            status.addRecipientDSN(recipientFields(r, kind));
        }

        String text = humanText(envelope, reports, kind);
        MultipartReport report;
        MimeMessage originalMessage = new MimeMessage(session, new ByteArrayInputStream(original));
        if ("HDRS".equalsIgnoreCase(envelope.ret()) || originalSize > returnLimit || envelope.requireTls()) {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(original));
            report = new MultipartReport(text, status, headers);
        } else {
            report = new MultipartReport(text, status, originalMessage);
        }

        MimeMessage dsn = new MimeMessage(session);
        dsn.setFrom(mailerDaemon());
        dsn.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(envelope.mailFrom(), false));
        dsn.setSubject(kind == Kind.FAILED ? "Undelivered Mail Returned to Sender"
                : "Delayed Mail (still being retried)", "UTF-8");
        dsn.setSentDate(Date.from(clock.instant()));
        dsn.setHeader("Auto-Submitted", "auto-replied");
        String originalId = originalMessage.getMessageID();
        if (originalId != null) {
            dsn.setHeader("In-Reply-To", originalId);
            dsn.setHeader("References", originalId);
        }
        dsn.setContent(report);
        dsn.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dsn.writeTo(out);
        return out.toByteArray();
    }

    private InternetHeaders recipientFields(RecipientReport r, Kind kind) {
        InternetHeaders h = new InternetHeaders();
        Recipient rcpt = r.recipient();
        if (rcpt.orcpt() != null) {
            h.addHeader("Original-Recipient", originalRecipient(rcpt.orcpt()));
        }
        h.addHeader("Final-Recipient", "rfc822; " + rcpt.address());
        h.addHeader("Action", kind == Kind.FAILED ? "failed" : "delayed");
        h.addHeader("Status", status(r.reply(), kind));
        if (r.remoteMta() != null) {
            h.addHeader("Remote-MTA", "dns; " + r.remoteMta());
        }
        h.addHeader("Diagnostic-Code", MimeUtility.fold("Diagnostic-Code: ".length(), diagnostic(r.reply())));
        if (r.lastAttempt() != null) {
            h.addHeader("Last-Attempt-Date", date(Date.from(r.lastAttempt())));
        }
        return h;
    }

    /** The reply as the remote said it, lines joined with a space: "smtp; 550 5.1.1 text". */
    static String diagnostic(Reply reply) {
        StringBuilder b = new StringBuilder("smtp; ").append(reply.code());
        if (reply.enhanced() != null) {
            b.append(' ').append(reply.enhanced());
        }
        for (String line : reply.lines()) {
            if (!line.isBlank()) {
                b.append(' ').append(line.strip());
            }
        }
        return b.toString();
    }

    /** RFC 3463 status: the reply's own enhanced code when its class fits, else the generic one. */
    static String status(Reply reply, Kind kind) {
        char wantedClass = kind == Kind.FAILED ? '5' : '4';
        if (reply.enhanced() != null && reply.enhanced().charAt(0) == wantedClass) {
            return reply.enhanced();
        }
        if (reply.enhanced() != null) {
            return wantedClass + reply.enhanced().substring(1);
        }
        return wantedClass + ".0.0";
    }

    /** ORCPT is "addr-type;xtext"; the DSN field wants "addr-type; address" with the xtext decoded. */
    static String originalRecipient(String orcpt) {
        int semi = orcpt.indexOf(';');
        if (semi < 0) {
            return "rfc822; " + Xtext.decode(orcpt);
        }
        return orcpt.substring(0, semi).trim().toLowerCase(Locale.ROOT) + "; "
                + Xtext.decode(orcpt.substring(semi + 1).trim());
    }

    private String humanText(Envelope envelope, List<RecipientReport> reports, Kind kind) {
        List<String> lines = new ArrayList<>();
        lines.add("This is the mail system at host " + hostname + ".");
        lines.add("");
        if (kind == Kind.FAILED) {
            lines.add("I'm sorry to have to inform you that your message could not");
            lines.add("be delivered to one or more recipients. It's attached below.");
        } else {
            lines.add("Your message could not be delivered yet to one or more recipients.");
            lines.add("The mail system will keep trying; you do not need to resend it.");
        }
        lines.add("");
        for (RecipientReport r : reports) {
            String via = r.remoteMta() == null ? "" : " (host " + r.remoteMta() + " said)";
            lines.add("<" + r.recipient().address() + ">" + via + ": " + diagnostic(r.reply()).substring(6));
        }
        lines.add("");
        lines.add("Queue id: " + envelope.queueId());
        return String.join("\r\n", lines) + "\r\n";
    }

    private InternetAddress mailerDaemon() {
        try {
            return new InternetAddress("MAILER-DAEMON@" + hostname, "Mail Delivery System", "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String date(Date date) {
        return new MailDateFormat().format(date);
    }
}
