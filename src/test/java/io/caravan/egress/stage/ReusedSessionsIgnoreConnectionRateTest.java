package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connection_rate counts new connections only: at 1/min, one consumer sends eight messages over
 * the sessions each source opened first (idle sessions are reused), so all of them arrive within
 * the first minute, over at most one connection per source.
 */
class ReusedSessionsIgnoreConnectionRateTest {

    @TempDir
    Path dir;

    @Test
    void pooledSessionsAreNotHeldBack() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .edit("shaping.yaml", "domains: {}", "domains:\n  example.net: {connection_rate: 1/min}")
                    .set("caravan.egress.consumers", 1);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 8; i++) {
                    Scenario.accept(jms, "REUSERATE" + i, Scenario.message("REUSERATE" + i), "r" + i + "@example.net");
                }
                assertEquals(8, Scenario.await(() -> mx.messages.size(), n -> n == 8, Duration.ofSeconds(40)),
                        "a delivery on an idle session was held by the connection rate");
                Map<String, Long> perSource = mx.connections.stream().collect(Collectors.groupingBy(
                        TestMx.Connection::clientAddress, Collectors.counting()));
                assertTrue(perSource.values().stream().allMatch(n -> n == 1), "connections per source: " + perSource);
                assertEquals(perSource.size(), mx.sessions());
            }
        }
    }
}
