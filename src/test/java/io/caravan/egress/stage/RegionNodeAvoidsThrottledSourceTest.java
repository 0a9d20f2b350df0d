package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.Json;
import io.caravan.reputation.ReputationEvent;
import io.caravan.testing.Jms;
import io.caravan.testing.KafkaBroker;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway nodes of one region share a real Kafka broker: after node A is
 * rate-limited by Gmail on one source, node B sends its Gmail mail through the
 * other source without ever being deferred itself. What happened is on the region's Kafka topics:
 * the suspension, and each recipient's deferral and delivery.
 */
class RegionNodeAvoidsThrottledSourceTest {

    @TempDir
    Path dir;

    @Test
    void nodeBLearnsFromNodeA() throws Exception {
        Map<String, AtomicInteger> triesByClient = new ConcurrentHashMap<>();
        TestMx.Answer gmail = (rcpt, n, client) -> {
            triesByClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
            return client.equals("127.0.0.2") ? GmailRateLimitMovesTrafficTest.GMAIL_421 : null;
        };
        try (TestMx mx = TestMx.answering(gmail); LoopbackDnsServer dns = LoopbackDnsServer.start();
             KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            try (Gateway a = node("a", dns, mx, kafka).start(); Jms jmsA = new Jms(a.connectionFactory())) {
                Scenario.accept(jmsA, "A1", Scenario.message("A1"), "first@gmail.test");
                Scenario.await(() -> mx.messages, l -> l.size() == 1, Duration.ofSeconds(30));
                assertEquals(1, triesByClient.get("127.0.0.2").get(), "A was rate limited once on 127.0.0.2");

                try (Gateway b = node("b", dns, mx, kafka).start(); Jms jmsB = new Jms(b.connectionFactory())) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!b.reputation().isSuspended("local-tx-1", "gmail", Instant.now())) {
                        assertTrue(System.nanoTime() < deadline, "B learns A's suspension");
                        Thread.sleep(100);
                    }
                    for (int i = 0; i < 5; i++) {
                        Scenario.accept(jmsB, "B" + i, Scenario.message("B" + i), "b" + i + "@gmail.test");
                    }
                    List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() == 6,
                            Duration.ofSeconds(30));
                    assertTrue(got.stream().allMatch(r -> r.clientAddress().equals("127.0.0.3")), "all via .3");
                    assertEquals(1, triesByClient.get("127.0.0.2").get(), "B never tried the throttled source");
                }
                List<DeliveryEvent> events = kafka.read(EventRoutes.deliveryTopic("local"), l -> l.size() >= 7,
                        Duration.ofSeconds(30)).stream().map(v -> Json.read(v, DeliveryEvent.class)).toList();
                assertEquals(List.of("a:deferred:local-tx-1:421", "a:delivered:local-tx-2:250"), events.stream()
                        .filter(e -> e.queueId().equals("A1"))
                        .map(e -> e.node() + ":" + e.type() + ":" + e.source() + ":" + e.code()).toList());
                assertEquals(5, events.stream().filter(e -> e.node().equals("b") && e.type().equals("delivered")
                        && e.source().equals("local-tx-2")).count(), "B delivered all five through the other source");
                assertTrue(events.stream().noneMatch(e -> e.node().equals("b") && !e.type().equals("delivered")));
                List<String> reputation = kafka.read(EventRoutes.topic("local"), l -> !l.isEmpty(),
                        Duration.ofSeconds(10));
                ReputationEvent suspended = Json.read(reputation.get(0), ReputationEvent.class);
                assertEquals("suspended:a:local-tx-1:gmail", suspended.type() + ":" + suspended.node() + ":"
                        + suspended.source() + ":" + suspended.provider());
            }
        }
    }

    private TestNode node(String name, LoopbackDnsServer dns, TestMx mx, KafkaBroker kafka) {
        return new TestNode(dir.resolve(name)).dns(dns)
                .transport("gmail.test smtp:gmail.test:" + mx.port())
                .set("caravan.node.name", name)
                .set("caravan.kafka.bootstrap", kafka.bootstrap())
                .set("caravan.egress.consumers", 1)
                .set("camel.main.jmxEnabled", false)
                .edit("broker.xml", "<jmx-management-enabled>true", "<jmx-management-enabled>false")
                // without what A learned, B would pick the rate-limited source first
                .edit("egress.yaml", "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1",
                        "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1000");
    }
}
