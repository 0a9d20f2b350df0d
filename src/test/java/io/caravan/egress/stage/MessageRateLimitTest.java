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
 * A destination's message_rate from config/shaping.yaml holds per source at the receiver: at 1/s
 * (burst 1), two messages from the same source never arrive less than a rate interval apart
 * (minus scheduling slack), and the deliveries held back wait on the queue and all arrive.
 */
class MessageRateLimitTest {

    @TempDir
    Path dir;

    @Test
    void eachSourceKeepsToTheRate() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .edit("shaping.yaml", "domains: {}", "domains:\n  example.net: {message_rate: 1/s}");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 6; i++) {
                    Scenario.accept(jms, "RATE" + i, Scenario.message("RATE" + i), "r" + i + "@example.net");
                }
                assertEquals(6, Scenario.await(() -> mx.messages.size(), n -> n == 6, Duration.ofSeconds(30)));
                Map<String, List<Long>> bySource = mx.messages.stream().collect(Collectors.groupingBy(
                        TestMx.Received::clientAddress, Collectors.mapping(TestMx.Received::atMillis, Collectors.toList())));
                for (Map.Entry<String, List<Long>> e : bySource.entrySet()) {
                    List<Long> times = e.getValue().stream().sorted().toList();
                    for (int i = 1; i < times.size(); i++) {
                        long gap = times.get(i) - times.get(i - 1);
                        assertTrue(gap >= 700, e.getKey() + " sent two messages " + gap + " ms apart: " + times);
                    }
                }
            }
        }
    }
}
