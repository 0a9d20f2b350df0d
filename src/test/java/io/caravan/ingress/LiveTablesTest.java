package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * accepted-domains and trusted-networks apply while the gateway runs: an added domain is taken without a
 * restart, and an edit that does not load leaves the previous table in force.
 */
class LiveTablesTest {

    @TempDir
    Path dir;

    @Test
    void anAddedDomainIsTakenWithoutARestartAndABadEditChangesNothing() throws Exception {
        TestNode node = new TestNode(dir).acceptedDomains("example.net").set("caravan.config.check-interval", "100ms")
                .set("caravan.egress.enabled", false);
        try (Gateway gateway = node.start()) {
            int port = gateway.smtpPort("mx");
            assertTrue(rcpt(port, "someone@new.example").startsWith("554"), "not accepted yet");

            Files.writeString(node.config().resolve("accepted-domains"), "example.net\nnew.example\n");
            awaitReply(port, "someone@new.example", "250");

            Files.writeString(node.config().resolve("accepted-domains"), "example.net\nnot a domain!\n");
            Thread.sleep(500); // several check intervals: the bad table has been tried
            assertTrue(rcpt(port, "someone@new.example").startsWith("250"), "the previous table stays in force");

            Files.writeString(node.config().resolve("accepted-domains"), "example.net\n");
            awaitReply(port, "someone@new.example", "554");
        }
    }

    @Test
    void anAddedTrustedNetworkMayRelayWithoutARestart() throws Exception {
        TestNode node = new TestNode(dir).acceptedDomains("example.net").set("caravan.config.check-interval", "100ms")
                .set("caravan.egress.enabled", false);
        try (Gateway gateway = node.start()) {
            int port = gateway.smtpPort("mx");
            assertTrue(rcpt(port, "someone@elsewhere.example").startsWith("554"), "no relay for strangers");
            Files.writeString(node.config().resolve("trusted-networks"), "127.0.0.0/8\n");
            awaitReply(port, "someone@elsewhere.example", "250");
        }
    }

    private static void awaitReply(int port, String recipient, String code) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String reply = rcpt(port, recipient);
        while (!reply.startsWith(code)) {
            assertTrue(System.nanoTime() < deadline, "still " + reply);
            Thread.sleep(50);
            reply = rcpt(port, recipient);
        }
    }

    private static String rcpt(int port, String recipient) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.expect(220);
            c.cmd("EHLO client.example.org", 250);
            c.cmd("MAIL FROM:<sender@example.org>", 250);
            c.send("RCPT TO:<" + recipient + ">");
            return c.reply();
        }
    }
}
