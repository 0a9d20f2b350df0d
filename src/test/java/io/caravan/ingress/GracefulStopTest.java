package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.Jms;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop: an idle session hears 421, a message whose DATA is under
 * way is still accepted and stored, no new session is taken, and the stored
 * message is there when the gateway starts again on the same data.
 */
class GracefulStopTest {

    @TempDir
    Path dir;

    @Test
    void stopFinishesTheTransactionInDataAndTurnsAwayTheRest() throws Exception {
        TestNode node = new TestNode(dir).acceptedDomains("example.net")
                .set("caravan.egress.enabled", false).transport("example.net smtp:[127.0.0.1]:2599");
        String queueId;
        Gateway gateway = node.start();
        int port = gateway.smtpPort("mx");
        try (SmtpTestClient busy = SmtpTestClient.connect(port); SmtpTestClient idle = SmtpTestClient.connect(port)) {
            busy.expect(220);
            idle.expect(220);
            idle.cmd("EHLO idle.example.org", 250);
            busy.cmd("EHLO busy.example.org", 250);
            busy.cmd("MAIL FROM:<sender@example.org>", 250);
            busy.cmd("RCPT TO:<a@example.net>", 250);
            busy.cmd("DATA", 354);
            busy.send("Subject: in flight\r\n\r\nstill arriving");

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
            assertTrue(idle.expect(421).startsWith("421 4.3.2"));
            busy.send(".");
            String accepted = busy.expect(250);
            queueId = accepted.substring(accepted.lastIndexOf(' ') + 1).trim();
            stopping.join();
        }
        assertThrows(IOException.class, () -> SmtpTestClient.connect(port).close(), "no new sessions");

        try (Gateway again = node.start(); Jms jms = new Jms(again.connectionFactory())) {
            List<String> found = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (found.isEmpty() && System.currentTimeMillis() < deadline) {
                found.addAll(jms.browseLaneIds());
                found.addAll(jms.browse(StageQueue.INCOMING.queueName()));
                Thread.sleep(50);
            }
            assertEquals(List.of(queueId), found);
        }
    }
}
