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
 * A destination's max_messages_per_connection from config/shaping.yaml holds at the receiver,
 * below the node-wide caravan.egress.max-deliveries-per-connection (100): with 3 for the domain
 * and one consumer, nine messages arrive with no session carrying more than three, and each source
 * reuses its sessions up to that (its n messages need exactly ceil(n / 3) sessions).
 */
class MaxMessagesPerConnectionTest {

    @TempDir
    Path dir;

    @Test
    void sessionsCloseAfterTheDestinationsMessageCount() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .edit("shaping.yaml", "domains: {}", "domains:\n  example.net: {max_messages_per_connection: 3}")
                    .set("caravan.egress.consumers", 1);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 9; i++) {
                    Scenario.accept(jms, "PERCONN" + i, Scenario.message("PERCONN" + i), "r" + i + "@example.net");
                }
                assertEquals(9, Scenario.await(() -> mx.messages.size(), n -> n == 9, Duration.ofSeconds(20)));
                Map<String, Long> perSession = mx.messages.stream()
                        .collect(Collectors.groupingBy(TestMx.Received::sessionId, Collectors.counting()));
                assertTrue(perSession.values().stream().allMatch(n -> n <= 3), "messages per session: " + perSession);
                Map<String, List<TestMx.Received>> bySource = mx.messages.stream()
                        .collect(Collectors.groupingBy(TestMx.Received::clientAddress));
                long expected = bySource.values().stream().mapToLong(list -> (list.size() + 2) / 3).sum();
                assertEquals(expected, mx.sessions(), "sessions per source " + bySource.keySet() + ": " + perSession);
                assertTrue(mx.sessions() >= 3, "nine messages at three per session need three sessions");
            }
        }
    }
}
