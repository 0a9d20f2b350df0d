package io.caravan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.Lanes;
import io.caravan.broker.StageQueue;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LogCapture;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's YAML route on the published hook moves a delivery to another pool, or to another next hop. */
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

    @Test
    void yamlHookSendsADeliveryThroughAnotherNextHopOnItsLane() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("hop.camel.yaml"), """
                - route:
                    id: next-hop
                    from:
                      uri: direct:caravan-routing-hook
                      steps:
                        - choice:
                            when:
                              - simple: "${header.CaravanEnvelope} contains 'moved@example.net'"
                                steps:
                                  - setHeader:
                                      name: CaravanNextHop
                                      constant: "[127.0.0.2]:2600"
                              - simple: "${header.CaravanEnvelope} contains 'typo@example.net'"
                                steps:
                                  - setHeader:
                                      name: CaravanNextHop
                                      constant: "[127.0.0.2:2600"
                """);
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false).transport("example.net smtp:[127.0.0.1]:2599")
                .set("caravan.routes.dir", routes.toAbsolutePath());
        try (LogCapture log = new LogCapture(RoutingRoutes.class.getName()); Gateway gateway = node.start();
             Jms jms = new Jms(gateway.connectionFactory())) {
            for (String id : List.of("PLAIN", "MOVED", "TYPO")) {
                String rcpt = id.equals("PLAIN") ? "r@example.net" : id.toLowerCase() + "@example.net";
                jms.send(StageQueue.INCOMING.queueName(), id, "Subject: hi\r\n\r\nhi\r\n".getBytes(),
                        io.caravan.message.EnvelopeJson.write(Jms.envelope(id, rcpt)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Jms.Queued> queued = jms.browseLanes();
            while (queued.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                queued = jms.browseLanes();
            }
            assertEquals(3, queued.size());
            java.util.Map<String, DeliveryRoute> routesById = new java.util.HashMap<>();
            for (Jms.Queued q : queued) {
                DeliveryRoute route = Json.read(q.property(Headers.ROUTE), DeliveryRoute.class);
                String id = q.property(Headers.QUEUE_ID);
                routesById.put(id, route);
                assertEquals(Lanes.of(route), q.property(Lanes.HEADER), id);
                assertEquals(List.of(id), jms.browse(Lanes.of(route)).stream().filter(id::equals).toList(),
                        id + " waits on the lane of its route");
                assertEquals(null, q.property(RoutingRoutes.NEXT_HOP), "the hook's header does not travel on");
            }
            DeliveryRoute moved = routesById.get("MOVED");
            assertEquals("smtp:[127.0.0.2]:2600", moved.nexthop());
            assertEquals(2600, moved.port());
            assertEquals(List.of("127.0.0.2"), moved.hosts().get(0).addresses());
            assertEquals(List.of("example.net"), moved.domains());
            assertEquals("smtp:[127.0.0.1]:2599", routesById.get("PLAIN").nexthop());
            assertNotEquals(Lanes.of(routesById.get("PLAIN")), Lanes.of(moved), "another next hop, another lane");
            assertEquals(routesById.get("PLAIN").nexthop(), routesById.get("TYPO").nexthop(), "an invalid one is ignored");
            assertTrue(log.messages().stream().anyMatch(l -> l.contains("TYPO") && l.contains("[127.0.0.2:2600")
                    && l.contains("kept smtp:[127.0.0.1]:2599")), log.messages().toString());
        }
    }
}
