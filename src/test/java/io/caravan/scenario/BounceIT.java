package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 550 5.1.1 from the recipient's server comes back from the packaged jar as an RFC 3464 DSN: written in the
 * jar (whose merged mailcap knows message/delivery-status), sent with the null reverse path to the sender's
 * domain's server found through DNS on loopback, and nothing left in the bounce stage's hold queue.
 */
class BounceIT {

    @TempDir
    Path dir;

    @Test
    void aRejectedRecipientComesBackToTheSenderAsADsn() throws Exception {
        Sink.Answer unknownUser = (rcpt, client) -> rcpt.startsWith("nobody@")
                ? "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink recipients = Sink.answering(unknownUser);
             Sink senders = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx.example.net.").add("mx.example.net. 300 IN A 127.0.0.1")
                    .add("sender.test. 300 IN MX 10 mail.sender.test.").add("mail.sender.test. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.net smtp:example.net:" + recipients.port() + "\n"
                            + "sender.test smtp:sender.test:" + senders.port() + "\n");
            Queues queues = Queues.of(gateway);
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@sender.test",
                    List.of("nobody@example.net"), Mail.text("app@sender.test", "nobody@example.net", "will bounce")));

            Sink.Received dsn = senders.await(l -> !l.isEmpty(), Duration.ofSeconds(20)).get(0);
            assertEquals("", dsn.from(), "a DSN goes out with MAIL FROM:<>");
            assertEquals(List.of("app@sender.test"), dsn.recipients());
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(dsn.data()));
            assertTrue(message.isMimeType("multipart/report"), message.getContentType());
            assertTrue(message.getContentType().replace("\"", "").contains("report-type=delivery-status"),
                    message.getContentType());
            MultipartReport report = assertInstanceOf(MultipartReport.class, message.getContent());
            assertTrue(report.getBodyPart(1).isMimeType("message/delivery-status"), report.getBodyPart(1).getContentType());
            DeliveryStatus status = report.getDeliveryStatus();
            assertEquals(1, status.getRecipientDSNCount());
            InternetHeaders recipient = status.getRecipientDSN(0);
            assertEquals("5.1.1", recipient.getHeader("Status", null));
            assertEquals("rfc822; nobody@example.net", recipient.getHeader("Final-Recipient", null));
            assertEquals("failed", recipient.getHeader("Action", null));
            assertTrue(new String(report.getReturnedMessage().getSubject()).contains("will bounce"));

            Map<String, Long> counts = queues.awaitEmpty(Duration.ofSeconds(20), "caravan.bounce", "caravan.incoming",
                    "caravan.delivery");
            assertEquals(0L, counts.get("caravan.bounce.hold"), "no failure parked for an operator: " + counts);
            String log = gateway.log();
            assertTrue(log.contains(queueId + ": DSN "), log);
            assertFalse(log.contains("cannot build DSN"), log);
        }
    }
}
