package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse from one address (a connection flood, smuggling attempts, a
 * slowloris) while a well-behaved client on another address sends mail: the
 * abuser is refused or cut off, the gateway stays up, and the good message
 * is accepted and stored.
 */
class AbuseWhileServingTest {

    @TempDir
    Path dir;

    @Test
    void wellBehavedClientIsServedDuringAbuse() throws Exception {
        TestNode node = new TestNode(dir).acceptedDomains("example.net")
                .set("caravan.egress.enabled", false).transport("example.net smtp:[127.0.0.1]:2599")
                .set("caravan.smtp.guard.max-connections-per-client", 3)
                .set("caravan.smtp.session-timeout", "2s");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            InetSocketAddress mx = new InetSocketAddress("127.0.0.1", gateway.smtpPort("mx"));
            List<SmtpTestClient> flood = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SmtpTestClient c = SmtpTestClient.connect("127.0.0.9", mx);
                c.expect(220);
                flood.add(c);
            }
            try (SmtpTestClient refused = SmtpTestClient.connect("127.0.0.9", mx)) {
                assertTrue(refused.expect(421).startsWith("421 4.7.0"));
            }
            SmtpTestClient smuggler = flood.get(0);
            smuggler.cmd("EHLO smuggler.example", 250);
            smuggler.cmd("MAIL FROM:<x@example.org>", 250);
            smuggler.cmd("RCPT TO:<a@example.net>", 250);
            smuggler.cmd("DATA", 354);
            smuggler.raw("Subject: one\r\n\r\nbody\n.\nMAIL FROM:<evil@example.org>\r\n.\r\n");
            assertTrue(smuggler.expect(550).startsWith("550 5.6.11"), "bare LF inside DATA is refused");

            SmtpTestClient slow = flood.get(1); // says nothing more: the session timeout cuts it off

            try (SmtpTestClient good = SmtpTestClient.connect("127.0.0.5", mx)) {
                good.expect(220);
                good.cmd("EHLO good.example.org", 250);
                good.cmd("MAIL FROM:<sender@example.org>", 250);
                good.cmd("RCPT TO:<b@example.net>", 250);
                good.cmd("DATA", 354);
                good.send("Subject: fine\r\n\r\nfine\r\n.");
                String accepted = good.expect(250);
                String id = accepted.substring(accepted.lastIndexOf(' ') + 1).trim();
                assertTrue(slow.expect(421).startsWith("421 4.4.2"), "slowloris cut off");
                long deadline = System.currentTimeMillis() + 20_000;
                List<String> delivered = jms.browseLaneIds();
                while (delivered.isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                    delivered = jms.browseLaneIds();
                }
                assertEquals(List.of(id), delivered, "only the good message was stored");
            }
            for (SmtpTestClient c : flood) {
                c.close();
            }
        }
    }
}
