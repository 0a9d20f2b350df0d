package io.caravan.egress.stage;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The original sender's mail server, where DSNs are expected to arrive. It is a SubEthaSMTP
 * receiver, not GreenMail: GreenMail 2.1.5 answers every RCPT after {@code MAIL FROM:<>} with
 * "503 MAIL must come before RCPT", so it cannot receive a DSN at all.
 */
final class SenderMailbox implements AutoCloseable {

    /** A received DSN taken apart with jakarta.mail: its headers, human text and delivery-status fields. */
    record Report(String envelopeFrom, List<String> envelopeTo, MimeMessage message, String contentType,
                  String humanText, String deliveryStatus, String returnedType) {
    }

    private final TestMx server;

    SenderMailbox() throws IOException {
        server = TestMx.accepting();
    }

    int port() {
        return server.port();
    }

    List<TestMx.Received> received() {
        return List.copyOf(server.messages);
    }

    /** Waits for the first message, parses its bytes back with jakarta.mail. */
    Report awaitReport(Duration timeout) throws Exception {
        List<TestMx.Received> got = Scenario.await(this::received, l -> !l.isEmpty(), timeout);
        if (got.isEmpty()) {
            throw new AssertionError("no DSN reached the sender's mailbox in " + timeout);
        }
        TestMx.Received r = got.get(0);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(r.data()));
        Multipart parts = (Multipart) m.getContent();
        return new Report(r.from(), r.recipients(), m, m.getContentType(), text(parts.getBodyPart(0)), text(parts.getBodyPart(1)),
                parts.getCount() > 2 ? parts.getBodyPart(2).getContentType() : null);
    }

    private static String text(BodyPart part) throws Exception {
        return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
