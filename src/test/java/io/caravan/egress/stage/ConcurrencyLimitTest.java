package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination's max_connections from config/shaping.yaml holds at the receiver: with eight
 * consumers and a slow receiver, no more than two transactions are ever open at once, and the
 * deliveries that found no slot wait on the queue and all arrive.
 */
class ConcurrencyLimitTest {

    @TempDir
    Path dir;

    @Test
    void receiverNeverSeesMoreThanTheLimit() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.slow(Duration.ofMillis(300))) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .edit("shaping.yaml", "domains: {}", "domains:\n  example.net: {max_connections: 2}")
                    .set("caravan.egress.consumers", 8).set("caravan.egress.busy-delay", "100ms");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 12; i++) {
                    Scenario.accept(jms, "LIMIT" + i, Scenario.message("LIMIT" + i), "r" + i + "@example.net");
                }
                assertEquals(12, Scenario.await(() -> mx.messages.size(), n -> n == 12, Duration.ofSeconds(30)));
                assertTrue(mx.maxSimultaneousTransactions() <= 2,
                        "receiver saw " + mx.maxSimultaneousTransactions() + " transactions at once");
                assertEquals(2, mx.maxSimultaneousTransactions(), "the limit was never reached: the test shows nothing");
            }
        }
    }
}
