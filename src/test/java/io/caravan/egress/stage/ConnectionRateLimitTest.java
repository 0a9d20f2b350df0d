package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination's connection_rate from config/shaping.yaml holds per source at the receiver: at
 * 1/s (burst 1), with sessions closed almost as soon as they fall idle so that nearly every
 * delivery needs a new one, no source's connections are accepted less than a rate interval apart
 * (minus scheduling slack), and the deliveries held back wait on the queue and all arrive, each
 * tried once at the receiver.
 */
class ConnectionRateLimitTest {

    @TempDir
    Path dir;

    @Test
    void eachSourceOpensConnectionsAtTheRate() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    // one message per connection: every delivery needs a new one, whatever the timing (with
                    // reuse, fast enough routing let all six ride the first two connections)
                    .edit("shaping.yaml", "domains: {}",
                            "domains:\n  example.net: {connection_rate: 1/s, max_messages_per_connection: 1}")
                    .set("caravan.egress.idle-timeout", "20ms").set("caravan.egress.consumers", 4);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 6; i++) {
                    Scenario.accept(jms, "CONNRATE" + i, Scenario.message("CONNRATE" + i), "r" + i + "@example.net");
                }
                assertEquals(6, Scenario.await(() -> mx.messages.size(), n -> n == 6, Duration.ofSeconds(30)));
                Map<String, List<Long>> bySource = mx.connections.stream().collect(Collectors.groupingBy(
                        TestMx.Connection::clientAddress,
                        Collectors.mapping(TestMx.Connection::atMillis, Collectors.toList())));
                for (Map.Entry<String, List<Long>> e : bySource.entrySet()) {
                    List<Long> times = e.getValue().stream().sorted().toList();
                    for (int i = 1; i < times.size(); i++) {
                        long gap = times.get(i) - times.get(i - 1);
                        assertTrue(gap >= 800, e.getKey() + " opened two connections " + gap + " ms apart: " + times);
                    }
                }
                assertTrue(bySource.values().stream().anyMatch(times -> times.size() >= 2),
                        "no source needed a second connection: the test shows nothing " + bySource);
                for (int i = 0; i < 6; i++) {
                    assertEquals(1, mx.tries("r" + i + "@example.net"), "a held delivery reached the receiver");
                }
            }
        }
    }
}
