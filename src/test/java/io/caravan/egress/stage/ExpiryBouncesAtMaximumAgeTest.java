package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient that only ever gets 4xx is retried until the message reaches the maximum age, then
 * bounced: the sender gets a failure DSN saying it expired, with the receiver's last reply.
 * Nothing is left waiting on the delivery queue.
 */
class ExpiryBouncesAtMaximumAgeTest {

    @TempDir
    Path dir;

    @Test
    void alwaysDeferredMailExpiresIntoADsn() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             TestMx mx = TestMx.answering((rcpt, n, client) -> "451 4.3.0 Mailbox temporarily unavailable");
             SenderMailbox sender = new SenderMailbox()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .routeByName(dns, "example.org", sender.port())
                    .set("caravan.retry.initial", "1s").set("caravan.retry.cap", "1s").set("caravan.retry.jitter", 0)
                    .set("caravan.retry.max-age", "3s");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "OLD1", Scenario.message("OLD1"), "later@example.net");
                SenderMailbox.Report dsn = sender.awaitReport(Duration.ofSeconds(20));

                String status = dsn.deliveryStatus();
                assertTrue(status.contains("Final-Recipient: rfc822; later@example.net"), status);
                assertTrue(status.contains("Action: failed"), status);
                assertTrue(status.contains("Status: 5.4.7"), status);
                String unfolded = status.replaceAll("\r\n\\s+", " ");
                assertTrue(unfolded.contains("expired") && unfolded.contains("Mailbox temporarily unavailable"),
                        status);
                assertTrue(mx.tries("later@example.net") >= 2, "tried " + mx.tries("later@example.net") + " times");
                assertEquals(List.of(), mx.messages);
                assertEquals(List.of(), Scenario.await(() -> jms.browseLaneIds(),
                        List::isEmpty, Duration.ofSeconds(5)));
            }
        }
    }
}
