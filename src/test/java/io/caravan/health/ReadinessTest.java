package io.caravan.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Http;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's readiness on the management port: ready while it takes mail, not ready from the first moment of
 * a stop and while its broker is gone; alive all along. No console user exists, so Hawtio is off while the
 * open endpoints answer.
 */
class ReadinessTest {

    @TempDir
    Path dir;

    @Test
    void readyWhileRunningAndNotReadyFromTheFirstMomentOfAStop() throws Exception {
        TestNode node = new TestNode(dir).acceptedDomains("example.net").transport("example.net smtp:[127.0.0.1]:9")
                .set("caravan.console.enabled", true).set("caravan.console.port", 0)
                .set("caravan.egress.enabled", false);
        Gateway gateway = node.start();
        int port = gateway.consolePort();
        assertEquals(new Http.Answer(200, "UP\n"), Http.get(port, "/health/live"));
        assertEquals(new Http.Answer(200, "UP\n"), Http.get(port, "/health/ready"));
        assertEquals(404, Http.get(port, "/hawtio/").status(), "no console user: no console");

        // a message whose data is arriving holds the drain open, so the stop is caught under way
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
            client.expect(220);
            client.cmd("EHLO client.example.org", 250);
            client.cmd("MAIL FROM:<sender@example.org>", 250);
            client.cmd("RCPT TO:<a@example.net>", 250);
            client.cmd("DATA", 354);
            client.send("Subject: in flight");

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
            Http.Answer ready = Http.await(port, "/health/ready", a -> a.status() != 200, Duration.ofSeconds(20));
            assertEquals(503, ready.status(), ready.toString());
            assertTrue(ready.body().startsWith("DOWN\n") && ready.body().contains("draining: "), ready.body());
            assertTrue(gateway.draining());
            assertEquals(200, Http.get(port, "/health/live").status(), "alive while draining");

            client.send("");
            client.send(".");
            assertTrue(client.reply().startsWith("250"), "the message in flight is finished");
            stopping.get();
        }
        assertEquals(-1, Http.get(port, "/health/ready").status(), "the port closes last");
    }

    @Test
    void notReadyWhileTheBrokerIsGone() throws Exception {
        int brokerPort = ChildJvm.freePort();
        TestNode node = new TestNode(dir.resolve("gateway")).acceptedDomains("example.net")
                .transport("example.net smtp:[127.0.0.1]:9")
                .set("caravan.console.enabled", true).set("caravan.console.port", 0)
                .set("caravan.broker.url", "tcp://127.0.0.1:" + brokerPort);
        String[] brokerArgs = {node.config().resolve("broker.xml").toString(), dir.resolve("broker-data").toString(),
                "127.0.0.1:" + brokerPort};
        try (ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(),
                brokerArgs)) {
            broker.awaitPort(brokerPort, Duration.ofSeconds(60));
            try (Gateway gateway = node.start()) {
                int port = gateway.consolePort();
                Http.await(port, "/health/ready", a -> a.status() == 200, Duration.ofSeconds(20));

                broker.kill();
                Http.Answer ready = Http.await(port, "/health/ready", a -> a.status() != 200, Duration.ofSeconds(30));
                assertEquals(503, ready.status(), ready.toString());
                assertTrue(ready.body().contains("broker: the broker is unavailable"), ready.body());
                assertEquals(200, Http.get(port, "/health/live").status(), "waiting for the broker is alive");
            }
        }
    }
}
