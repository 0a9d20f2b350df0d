package io.caravan.egress.tlsrpt;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The mail that carries a TLS report (RFC 8460 §5.3): {@code multipart/report; report-type="tlsrpt"} with a
 * short text and the gzip report as {@code application/tlsrpt+gzip}, the subject and the
 * {@code TLS-Report-Domain} and {@code TLS-Report-Submitter} fields as the RFC writes them.
 */
public final class ReportMail {

    private static final Session SESSION = Session.getInstance(new Properties());

    private ReportMail() {
    }

    /**
     * @param submitter the reporting organisation's domain (RFC 8460 §5.3), here the node's host name
     * @param reportId  the report's id, also in the JSON
     */
    public static byte[] write(String from, List<String> to, String domain, String submitter, String reportId,
                               LocalDate day, byte[] gzip, Instant now) {
        try {
            MimeMessage m = new MimeMessage(SESSION);
            m.setFrom(new InternetAddress(from, false));
            for (String rcpt : to) {
                m.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(rcpt, false));
            }
            m.setSubject("Report Domain: " + domain + " Submitter: " + submitter + " Report-ID: <" + reportId + ">",
                    "US-ASCII");
            m.setHeader("TLS-Report-Domain", domain);
            m.setHeader("TLS-Report-Submitter", submitter);
            m.setHeader("Auto-Submitted", "auto-generated");
            m.setSentDate(Date.from(now));

            MimeBodyPart text = new MimeBodyPart();
            text.setText("This is an aggregate TLS report from " + submitter + " for " + domain + ", " + day
                    + " (UTC).\r\n", "US-ASCII");
            MimeBodyPart report = new MimeBodyPart();
            report.setDataHandler(new DataHandler(new ByteArrayDataSource(gzip, "application/tlsrpt+gzip")));
            report.setHeader("Content-Type", "application/tlsrpt+gzip");
            report.setHeader("Content-Transfer-Encoding", "base64");
            report.setFileName(fileName(submitter, domain, day, reportId));
            report.setDisposition(MimeBodyPart.ATTACHMENT);

            ReportMultipart multipart = new ReportMultipart();
            multipart.addBodyPart(text);
            multipart.addBodyPart(report);
            // written here, not by the activation handler: Angus' multipart/report handler writes only DSN and
            // MDN reports and would leave the body empty
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            multipart.prepare();
            multipart.writeTo(body);
            m.setDataHandler(new DataHandler(new ByteArrayDataSource(body.toByteArray(), multipart.getContentType())));
            m.saveChanges();
            m.setHeader("Message-ID", "<" + reportId + ">");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("TLS report mail for " + domain + " cannot be written", e);
        }
    }

    /** RFC 8460 §5.1: {@code submitter!policy-domain!begin!end!unique-id.json.gz}, times in epoch seconds. */
    static String fileName(String submitter, String domain, LocalDate day, String reportId) {
        long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
        String unique = reportId.replaceAll("[^A-Za-z0-9.-]", "");
        return submitter + "!" + domain + "!" + begin + "!" + end + "!" + unique + ".json.gz";
    }

    /** {@code multipart/report} with the {@code report-type} RFC 6522 requires. */
    private static final class ReportMultipart extends MimeMultipart {
        ReportMultipart() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "tlsrpt");
            contentType = type.toString();
        }

        /** The parts' Content-Type and Content-Transfer-Encoding, which only a message's saveChanges would set. */
        void prepare() throws MessagingException {
            updateHeaders();
        }
    }
}
