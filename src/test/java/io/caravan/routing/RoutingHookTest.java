package io.caravan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's YAML route on the published hook moves a delivery to another pool. */
class RoutingHookTest {

    @TempDir
    Path dir;

    @Test
    void yamlHookOverridesThePool() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("vip.camel.yaml"), """
                - route:
                    id: vip-pool
                    from:
                      uri: direct:caravan-routing-hook
                      steps:
                        - choice:
                            when:
                              - simple: "${header.CaravanEnvelope} contains 'ceo@example.net'"
                                steps:
                                  - setHeader:
                                      name: CaravanPool
                                      constant: executive
                """);
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false).transport("example.net smtp:[127.0.0.1]:2599")
                .set("caravan.routes.dir", routes.toAbsolutePath());
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            jms.sendAccepted(StageQueue.INCOMING.queueName(), "PLAIN");
            jms.send(StageQueue.INCOMING.queueName(), "VIP", "Subject: hi\r\n\r\nhi\r\n".getBytes(),
                    io.caravan.message.EnvelopeJson.write(Jms.envelope("VIP", "ceo@example.net")));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Jms.Queued> queued = jms.browseLanes();
            while (queued.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                queued = jms.browseLanes();
            }
            assertEquals(2, queued.size());
            for (Jms.Queued q : queued) {
                DeliveryRoute route = Json.read(q.property(Headers.ROUTE), DeliveryRoute.class);
                String expected = q.property(Headers.QUEUE_ID).equals("VIP") ? "executive" : "transactional";
                assertEquals(expected, route.pool(), q.property(Headers.QUEUE_ID));
                assertEquals(expected, q.property(Headers.POOL));
            }
        }
    }
}
