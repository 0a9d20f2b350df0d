package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5xx at RCPT bounces that recipient: the bounce stage writes an RFC 3464 DSN quoting the
 * receiver's full reply and naming it, queues it as new null-sender mail, and routing and egress
 * deliver it to the sender's own server, where it parses back as multipart/report. The accepted
 * recipient is delivered and not reported.
 */
class PermanentFailureBouncesToSenderTest {

    @TempDir
    Path dir;

    @Test
    void unknownUserComesBackAsDsn() throws Exception {
        TestMx.Answer unknown = (rcpt, n, client) -> rcpt.startsWith("nobody")
                ? "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown in virtual mailbox table" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             TestMx mx = TestMx.answering(unknown); SenderMailbox sender = new SenderMailbox()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .routeByName(dns, "example.org", sender.port());
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "HARD1", Scenario.message("HARD1"), "ok@example.net", "nobody@example.net");
                SenderMailbox.Report dsn = sender.awaitReport(Duration.ofSeconds(20));

                assertEquals("", dsn.envelopeFrom(), "a DSN goes out with the null reverse path");
                assertEquals(List.of(Scenario.SENDER), dsn.envelopeTo());
                assertTrue(dsn.contentType().startsWith("multipart/report"), dsn.contentType());
                assertTrue(dsn.contentType().contains("delivery-status"), dsn.contentType());
                assertEquals(Scenario.SENDER, dsn.message().getRecipients(jakarta.mail.Message.RecipientType.TO)[0]
                        .toString());
                assertTrue(dsn.humanText().contains("<nobody@example.net>"), dsn.humanText());
                assertTrue(dsn.humanText().contains("HARD1"), dsn.humanText());
                String status = dsn.deliveryStatus();
                assertTrue(status.contains("Final-Recipient: rfc822; nobody@example.net"), status);
                assertTrue(status.contains("Action: failed"), status);
                assertTrue(status.contains("Status: 5.1.1"), status);
                assertTrue(status.contains("Remote-MTA: dns; mx.example.net"), status);
                assertTrue(status.replaceAll("\r\n\\s+", " ").contains("550 5.1.1 <nobody@example.net>: Recipient "
                        + "address rejected: User unknown in virtual mailbox table"), status);
                assertTrue(!status.contains("ok@example.net"), "the delivered recipient is not reported");
                assertEquals("message/rfc822", dsn.returnedType().split(";")[0].trim());
                assertEquals(List.of(List.of("ok@example.net")),
                        mx.messages.stream().map(TestMx.Received::recipients).toList());
                assertEquals(List.of(), Scenario.await(() -> jms.browse(StageQueue.BOUNCE.queueName()),
                        List::isEmpty, Duration.ofSeconds(5)));
            }
        }
    }
}
