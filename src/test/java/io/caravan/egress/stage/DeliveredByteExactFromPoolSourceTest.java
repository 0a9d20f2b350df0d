package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.StampedRef;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted mail is routed and delivered to the next hop byte for byte, from a source of the
 * transactional pool (127.0.0.2 or 127.0.0.3 as config/egress.yaml ships), announcing that
 * source's EHLO name, with the envelope unchanged; nothing is left on any queue.
 */
class DeliveredByteExactFromPoolSourceTest {

    @TempDir
    Path dir;

    @Test
    void messageArrivesIntactFromAPoolSource() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.accepting()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port());
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                byte[] sent = Scenario.message("BYTES1");
                Scenario.accept(jms, "BYTES1", sent, "a@example.net", "b@example.net");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> !l.isEmpty(), Duration.ofSeconds(20));
                assertEquals(1, got.size());
                TestMx.Received r = got.get(0);
                // routing's sealed reference in front, every other octet as sent
                assertArrayEquals(sha256(sent), sha256(StampedRef.strip(r.data())), "bytes changed on the way");
                assertEquals(Scenario.SENDER, r.from());
                assertEquals(List.of("a@example.net", "b@example.net"), r.recipients());
                Map<String, String> pool = Map.of("127.0.0.2", "tx1.caravan.localhost",
                        "127.0.0.3", "tx2.caravan.localhost");
                assertTrue(pool.containsKey(r.clientAddress()), "source " + r.clientAddress() + " not in the pool");
                assertEquals(pool.get(r.clientAddress()), r.helo());
                assertEquals(List.of(), Scenario.await(() -> jms.browseLaneIds(),
                        List::isEmpty, Duration.ofSeconds(5)));
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()));
            }
        }
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
