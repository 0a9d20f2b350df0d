package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop drains the node: from the signal on, nothing is accepted (a new connection and an idle session hear
 * 421), while the delivery already in flight finishes.
 */
class DrainTest {

    @TempDir
    Path dir;

    @Test
    void afterTheSignalNothingIsAcceptedAndTheDeliveryInFlightFinishes() throws Exception {
        try (Sink slow = Sink.slow(Duration.ofSeconds(3))) {
            TestNode node = new TestNode(dir).acceptedDomains("example.net")
                    .transport("example.net smtp:[127.0.0.1]:" + slow.port());
            Gateway gateway = node.start();
            int port = gateway.smtpPort("mx");
            try (SmtpTestClient idle = SmtpTestClient.connect(port)) {
                idle.expect(220);
                idle.cmd("EHLO idle.example.org", 250);
                send(port, "first@example.net");
                awaitDeliveryUnderWay(gateway);

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
                while (!gateway.draining()) {
                    Thread.onSpinWait(); // the signal has been taken: from here on nothing may be accepted
                }
                while (!stopping.isDone()) {
                    assertTrue(refusedOrGone(port, "late@example.net"), "a message was accepted after the signal");
                    Thread.sleep(100);
                }
                stopping.get();
                assertTrue(idle.expect(421).startsWith("421 4.3.2"), "the idle session was told");
            }
            assertEquals(1, slow.messages().size(), "the delivery in flight finished: " + slow.messages());
            assertEquals("first@example.net", slow.messages().get(0).recipients().get(0));
        }
    }

    /** Whether a new session is turned away (421 or no listener) rather than given a 250 for its message. */
    private static boolean refusedOrGone(int port, String recipient) throws Exception {
        SmtpTestClient c;
        try {
            c = SmtpTestClient.connect(port);
        } catch (java.io.IOException gone) {
            return true;
        }
        try (c) {
            String greeting = c.reply();
            if (!greeting.startsWith("220")) {
                return greeting.startsWith("421");
            }
            c.cmd("EHLO late.example.org", 250);
            c.cmd("MAIL FROM:<sender@example.org>", 250);
            c.cmd("RCPT TO:<" + recipient + ">", 250);
            c.cmd("DATA", 354);
            c.send("Subject: late\r\n\r\nbody\r\n.");
            return !c.reply().startsWith("250");
        } catch (java.io.IOException | AssertionError cut) {
            return true; // the session ended before the message was accepted
        }
    }

    private static void send(int port, String recipient) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.expect(220);
            c.cmd("EHLO client.example.org", 250);
            c.cmd("MAIL FROM:<sender@example.org>", 250);
            c.cmd("RCPT TO:<" + recipient + ">", 250);
            c.cmd("DATA", 354);
            c.send("Subject: drain\r\n\r\nbody\r\n.");
            c.expect(250);
            c.cmd("QUIT", 221);
        }
    }

    /** The delivery has left the queue: egress holds it, waiting for the slow receiver's answer. */
    private static void awaitDeliveryUnderWay(Gateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (gateway.camelContext().getInflightRepository().size("egress") == 0) {
            assertTrue(System.nanoTime() < deadline, "no delivery under way");
            Thread.sleep(20);
        }
    }
}
