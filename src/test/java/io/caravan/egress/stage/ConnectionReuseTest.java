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
 * Consecutive messages to one next hop ride on open sessions: with one consumer, eight messages
 * need at most one session per pool source (two), not one per message.
 */
class ConnectionReuseTest {

    @TempDir
    Path dir;

    @Test
    void messagesShareSessions() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .set("caravan.egress.consumers", 1);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 8; i++) {
                    Scenario.accept(jms, "REUSE" + i, Scenario.message("REUSE" + i), "r" + i + "@example.net");
                }
                assertEquals(8, Scenario.await(() -> mx.messages.size(), n -> n == 8, Duration.ofSeconds(20)));
                assertTrue(mx.sessions() <= 2, "8 messages used " + mx.sessions() + " sessions");
            }
        }
    }
}
