package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Http;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's management port without any console user: {@code /metrics} counts a delivery to a next
 * hop on loopback, {@code /health/ready} is 200 while the node runs and 503 from the signal on, while the
 * listeners drain, and 503 while the external broker it was given is gone (a broker in another JVM, killed).
 */
class MetricsAndHealthIT {

    private static final Pattern SENT = Pattern.compile(
            "(?m)^caravan_egress_deliveries_total\\{[^}]*status=\"sent\"[^}]*} ([0-9.]+)$");

    @TempDir
    Path dir;

    @Test
    void metricsCountTheDeliveryAndReadinessFallsAtTheSignal() throws Exception {
        try (Sink sink = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir)) {
            gateway.write("accepted-domains", "example.net\n")
                    .write("transport", "example.net smtp:[127.0.0.1]:" + sink.port() + "\n");
            gateway.start();
            int port = gateway.consolePort();
            assertEquals(200, Http.get(port, "/health/live").status());
            assertEquals(new Http.Answer(200, "UP\n"), Http.get(port, "/health/ready"));
            assertEquals(0.0, sent(Http.get(port, "/metrics").body()), "nothing delivered yet");

            gateway.send("127.0.0.1", "alice@example.org", List.of("bob@example.net"),
                    Mail.text("alice@example.org", "bob@example.net", "counted"));
            sink.await(l -> !l.isEmpty(), Duration.ofSeconds(20));
            Http.Answer metrics = Http.await(port, "/metrics", a -> sent(a.body()) >= 1, Duration.ofSeconds(10));
            assertEquals(1.0, sent(metrics.body()), metrics.body());
            assertTrue(metrics.body().contains("caravan_ingress_messages_accepted_total{listener=\"mx\"} 1.0"),
                    metrics.body());
            assertTrue(metrics.body().contains("caravan_queue_messages{queue=\"caravan.delivery\"}"), metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), metrics.body());
            assertTrue(metrics.body().contains("artemis_message_count"), metrics.body());

            // a message whose data is arriving keeps the drain going, so the stop is seen under way
            try (SmtpTestClient client = SmtpTestClient.connect(gateway.mxPort())) {
                client.expect(220);
                client.cmd("EHLO client.test", 250);
                client.cmd("MAIL FROM:<alice@example.org>", 250);
                client.cmd("RCPT TO:<bob@example.net>", 250);
                client.cmd("DATA", 354);
                client.send("Subject: in flight");
                CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(() -> {
                    try {
                        return gateway.stop();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Http.Answer ready = Http.await(port, "/health/ready", a -> a.status() != 200, Duration.ofSeconds(20));
                assertEquals(503, ready.status(), ready.toString());
                assertTrue(ready.body().contains("draining: "), ready.body());
                client.send("");
                client.send(".");
                assertTrue(client.reply().startsWith("250"), "the message in flight is finished");
                assertEquals(143, stopped.get());
            }
        }
    }

    /** The sum of the delivery counter's series with status sent. */
    private static double sent(String metrics) {
        double sum = 0;
        Matcher m = SENT.matcher(metrics);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void readinessFallsWhileItsExternalBrokerIsGone() throws Exception {
        int brokerPort = ChildJvm.freePort();
        try (PackagedGateway gateway = new PackagedGateway(dir.resolve("node"))) {
            gateway.set("caravan.broker.url", "tcp://127.0.0.1:" + brokerPort);
            String[] brokerArgs = {gateway.config().resolve("broker.xml").toString(),
                    dir.resolve("broker-data").toString(), "127.0.0.1:" + brokerPort};
            try (ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(),
                    brokerArgs)) {
                broker.awaitPort(brokerPort, Duration.ofSeconds(60));
                gateway.start();
                int port = gateway.consolePort();
                Http.await(port, "/health/ready", a -> a.status() == 200, Duration.ofSeconds(30));

                broker.kill();
                Http.Answer ready = Http.await(port, "/health/ready", a -> a.status() != 200, Duration.ofSeconds(30));
                assertEquals(503, ready.status(), ready.toString());
                assertTrue(ready.body().contains("broker: the broker is unavailable"), ready.body());
                assertEquals(200, Http.get(port, "/health/live").status(), "waiting for the broker is alive");
            }
        }
    }
}
