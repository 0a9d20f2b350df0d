package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar takes a message with REQUIRETLS on the submission listener (after STARTTLS and AUTH) for a
 * receiver that offers no STARTTLS: nothing goes in cleartext, and the sender's MX gets a DSN from the null
 * sender with RFC 8689's 5.7.10 and only the original's header section.
 */
class RequireTlsBounceIT {

    @Test
    void aRequireTlsMessageToAReceiverWithoutTlsComesBack(@TempDir Path dir) throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Sink dest = Sink.accepting();
             Sink senderMx = Sink.accepting();
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("dest.example. 300 IN MX 10 mx.dest.example.").add("mx.dest.example. 300 IN A 127.0.0.1")
                    .add("shop.example. 300 IN MX 10 mx.shop.example.").add("mx.shop.example. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("transport", "dest.example smtp:dest.example:" + dest.port() + "\n"
                    + "shop.example smtp:shop.example:" + senderMx.port() + "\n");
            assertEquals(0, gateway.command("alice-secret", "user", "add", "--smtp", "alice", "--password-stdin"),
                    gateway.commandLog());
            gateway.start();

            try (SmtpTestClient c = SmtpTestClient.connect(gateway.submissionPort())) {
                c.expect(220);
                c.cmd("EHLO client.test", 250);
                c.cmd("STARTTLS", 220);
                c.startTls();
                assertTrue(c.cmd("EHLO client.test", 250).contains("REQUIRETLS"));
                c.cmd("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                        "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)), "235 2.7.0");
                c.cmd("MAIL FROM:<alice@shop.example> REQUIRETLS", 250);
                c.cmd("RCPT TO:<bob@dest.example>", 250);
                c.cmd("DATA", 354);
                c.raw(Mail.text("alice@shop.example", "bob@dest.example", "sealed", "X-Note: kept")
                        .replace("\r\nsealed\r\n", "\r\nthe secret body\r\n"));
                c.cmd(".", 250);
                c.cmd("QUIT", 221);
            }

            Sink.Received bounce = senderMx.await(m -> !m.isEmpty(), Duration.ofSeconds(30)).get(0);
            String dsn = new String(bounce.data(), StandardCharsets.UTF_8);
            assertEquals("", bounce.from(), "a DSN from the null sender");
            assertEquals(List.of("alice@shop.example"), bounce.recipients());
            assertTrue(dsn.contains("Status: 5.7.10"), dsn);
            assertTrue(dsn.contains("text/rfc822-headers"), dsn);
            assertTrue(dsn.contains("X-Note: kept"), dsn);
            assertFalse(dsn.contains("the secret body"), dsn);
            assertEquals(List.of(), dest.messages(), "nothing in cleartext to the receiver");
        }
    }
}
