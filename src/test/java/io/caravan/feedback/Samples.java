package io.caravan.feedback;

import io.caravan.app.Gateway;
import io.caravan.testing.SmtpTestClient;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The report samples in src/test/resources/feedback/, in the shapes providers send them (Yahoo's CFL,
 * Microsoft's JMRP, a generic ARF with headers only, a Postfix bounce, an Exchange delay notice, a broken
 * report), filled in with what a test delivered: the message or its header section, the recipient, the
 * address it left from.
 */
final class Samples {

    private Samples() {
    }

    static byte[] render(String name, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = Samples.class.getResourceAsStream("/feedback/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The values a sample takes from one delivered message. */
    static Map<String, String> of(byte[] delivered, String rcpt, String sourceIp) {
        String message = new String(delivered, StandardCharsets.UTF_8);
        int end = message.indexOf("\r\n\r\n");
        String headers = end < 0 ? message : message.substring(0, end + 2);
        String redacted = message.replaceFirst("(?m)^To: .*\r\n", "To: <redacted>\r\n");
        return Map.of("MESSAGE", message, "HEADERS", headers, "REDACTED_MESSAGE", redacted, "RCPT", rcpt,
                "SOURCE_IP", sourceIp);
    }

    /** A DSN from {@code reportingMta}, sent to a return path, with the returned header section or none. */
    static byte[] dsn(String reportingMta, String to, String rcpt, String returnedHeaders) {
        String b = "b0undary";
        String text = "From: MAILER-DAEMON@" + reportingMta + "\r\nTo: " + to + "\r\nSubject: Undelivered Mail\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"" + b
                + "\"\r\n\r\n--" + b + "\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--" + b + "\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; " + reportingMta
                + "\r\n\r\nFinal-Recipient: rfc822; " + rcpt + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n"
                + (returnedHeaders == null ? "" : "--" + b + "\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                        + returnedHeaders + "\r\n")
                + "--" + b + "--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A sample as the mailbox server stores it. */
    static MimeMessage message(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** Relays one message from a trusted network to {@code rcpt}; its queue id. */
    static String send(Gateway node, String rcpt) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                new InetSocketAddress("127.0.0.1", node.smtpPort("mx")))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<news@shop.example>", 250);
            smtp.cmd("RCPT TO:<" + rcpt + ">", 250);
            smtp.cmd("DATA", 354);
            smtp.raw("From: <news@shop.example>\r\nTo: <" + rcpt + ">\r\nSubject: offers\r\nMessage-ID: <"
                    + System.nanoTime() + "@shop.example>\r\n\r\nbuy now\r\n");
            String done = smtp.cmd(".", 250);
            smtp.cmd("QUIT", 221);
            return done.substring(done.indexOf("queued as ") + "queued as ".length()).strip();
        }
    }
}
