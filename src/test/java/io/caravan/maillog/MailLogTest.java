package io.caravan.maillog;

import io.caravan.app.Gateway;
import io.caravan.testing.LogCapture;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One message through a node to a sink on loopback: the mail log has, for its queue id, the acceptance
 * line and the delivery line with the fields docs/OPERATIONS.md documents.
 */
class MailLogTest {

    @TempDir
    Path dir;

    @Test
    void oneMessageHasItsAcceptanceAndDeliveryLines() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink sink = Sink.accepting();
             LogCapture log = new LogCapture(MailLog.LOGGER)) {
            try (Gateway gateway = new TestNode(dir).acceptedDomains("example.net")
                    .routeByName(dns, "example.net", sink.port()).start();
                 SmtpTestClient c = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
                c.expect(220);
                c.cmd("EHLO client.example.org", 250);
                c.cmd("MAIL FROM:<sender@example.org>", 250);
                c.cmd("RCPT TO:<bob@example.net>", 250);
                c.cmd("DATA", 354);
                String queued = c.raw("Subject: hi\r\n\r\nhello\r\n.\r\n").expect(250);
                String queueId = queued.substring(queued.indexOf("queued as ") + "queued as ".length()).strip();
                c.cmd("QUIT", 221);

                String delivered = await(log, "queue_id=" + queueId + " to=");
                assertNotNull(delivered, "a delivery line for " + queueId + ": " + log.messages());
                Map<String, String> d = fields(delivered);
                assertEquals("<bob@example.net>", d.get("to"));
                assertEquals("mx.example.net[127.0.0.1]:" + sink.port(), d.get("relay"), delivered);
                assertNotNull(d.get("source"), delivered);
                assertNotNull(d.get("pool"), delivered);
                assertEquals("none", d.get("tls"), delivered);
                assertEquals("sent", d.get("status"), delivered);
                assertEquals("1", d.get("attempt"), delivered);
                assertTrue(delivered.endsWith(")") && delivered.contains(" status=sent (250 "), delivered);
                String[] parts = d.get("delays").split("/");
                assertEquals(4, parts.length, delivered);
                double sum = 0;
                for (String p : parts) {
                    sum += Double.parseDouble(p);
                }
                double delay = Double.parseDouble(d.get("delay"));
                assertTrue(Math.abs(delay - sum) <= 0.04, "delay is the sum of delays (rounded): " + delivered);
                assertTrue(delay < 30, delivered);

                String accepted = log.messages().stream()
                        .filter(l -> l.startsWith("queue_id=" + queueId + " from=")).findFirst().orElse(null);
                assertNotNull(accepted, "an acceptance line for " + queueId + ": " + log.messages());
                Map<String, String> a = fields(accepted);
                assertEquals("<sender@example.org>", a.get("from"));
                assertEquals("1", a.get("nrcpt"));
                assertTrue(Integer.parseInt(a.get("size")) > "Subject: hi\r\n\r\nhello\r\n".length(), accepted);
                assertEquals("unknown[127.0.0.1]", a.get("client"));
                assertEquals("client.example.org", a.get("helo"));
                assertEquals("-", a.get("auth"));
                assertEquals("mx", a.get("listener"));
                assertEquals("none", a.get("tls"));
                assertTrue(log.messages().indexOf(accepted) < log.messages().indexOf(delivered), log.messages().toString());
                assertEquals(1, sink.messages().size());
            }
        }
    }

    /** The key=value fields before the closing text in parentheses. */
    static Map<String, String> fields(String line) {
        int text = line.indexOf(" (");
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : (text < 0 ? line : line.substring(0, text)).split(" ")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    private static String await(LogCapture log, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = log.messages();
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }
}
