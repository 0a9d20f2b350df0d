package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After Gmail's "421 4.7.28" suspension of one source ends, that source gets its traffic back
 * gradually, not all at once: right after the end it carries a small share (rate factor 0.2 against
 * the other source's 1.0, so about a sixth), and once the recovery ramp has reached full rate it
 * carries its even share again. The rule's duration and ramp are shortened to seconds so the test
 * runs in real time.
 */
class TrafficReturnsGraduallyTest {

    private static final int BATCH = 60;

    @TempDir
    Path dir;

    @Test
    void theSuspendedSourceRampsBackUp() throws Exception {
        AtomicBoolean limited = new AtomicBoolean(true);
        Map<String, AtomicInteger> byClient = new ConcurrentHashMap<>();
        TestMx.Answer gmail = (rcpt, n, client) -> client.equals("127.0.0.2") && limited.getAndSet(false)
                ? GmailRateLimitMovesTrafficTest.GMAIL_421 : null;
        try (TestMx mx = TestMx.answering(gmail); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("gmail.test smtp:gmail.test:" + mx.port())
                    .edit("responses.yaml",
                            "duration: 1h\n    recovery: {start: 0.2, step: 0.1, every: 15m, decrease: 0.5}",
                            "duration: 3s\n    recovery: {start: 0.2, step: 0.8, every: 15s, decrease: 0.5}");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                // one message at a time until the first one that leaves from 127.0.0.2 is rate limited
                int sent = 0;
                while (limited.get()) {
                    assertTrue(sent < 30, "127.0.0.2 is chosen at some point");
                    Scenario.accept(jms, "W" + sent, Scenario.message("W" + sent), "w" + sent + "@gmail.test");
                    sent++;
                    int expected = sent;
                    Scenario.await(() -> mx.messages, l -> l.size() >= expected, Duration.ofSeconds(20));
                }
                assertTrue(gateway.reputation().isSuspended("local-tx-1", "gmail", Instant.now()));
                Scenario.await(() -> gateway.reputation().isSuspended("local-tx-1", "gmail", Instant.now()),
                        s -> !s, Duration.ofSeconds(10));

                int early = sendBatch(jms, mx, "E", sent);
                double factorDuringEarly = gateway.reputation().rateFactor("local-tx-1", "gmail", Instant.now());
                assertEquals(0.2, factorDuringEarly, 1e-9, "the first batch went while the ramp was at its start");

                Scenario.await(() -> gateway.reputation().rateFactor("local-tx-1", "gmail", Instant.now()),
                        f -> f >= 1.0, Duration.ofSeconds(30));
                int late = sendBatch(jms, mx, "L", sent + BATCH);

                assertTrue(early >= 1, "the source is used again right after its suspension: " + early);
                assertTrue(early < BATCH / 2, "but for a small share only: " + early + " of " + BATCH);
                assertTrue(late >= BATCH / 4, "at full rate it carries its share again: " + late + " of " + BATCH);
                assertTrue(early < late, "more traffic as the ramp rises: " + early + " then " + late);
            }
        }
    }

    /** Sends a batch and returns how many of its messages left from 127.0.0.2. */
    private static int sendBatch(Jms jms, TestMx mx, String prefix, int before) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            Scenario.accept(jms, prefix + i, Scenario.message(prefix + i), prefix.toLowerCase() + i + "@gmail.test");
        }
        List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() >= before + BATCH,
                Duration.ofSeconds(30));
        assertEquals(before + BATCH, got.size(), "every message delivered");
        return (int) got.subList(before, got.size()).stream()
                .filter(r -> r.clientAddress().equals("127.0.0.2")).count();
    }
}
