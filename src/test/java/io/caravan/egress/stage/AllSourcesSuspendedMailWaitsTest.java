package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every source a message may use (its pool and the fallback pool) is rate
 * limited in turn and suspended: the message waits on the queue instead of
 * bouncing, and is delivered once the suspensions end and the receiver takes
 * mail again.
 */
class AllSourcesSuspendedMailWaitsTest {

    @TempDir
    Path dir;

    @Test
    void mailWaitsThenLeavesAfterRecovery() throws Exception {
        Set<String> eligible = Set.of("127.0.0.2", "127.0.0.3", "127.0.0.7");
        AtomicInteger refusals = new AtomicInteger();
        AtomicLong lastRefusal = new AtomicLong();
        // the receiver rate-limits each of the three sources once, then takes mail again
        TestMx.Answer limited = (rcpt, n, client) -> {
            if (eligible.contains(client) && refusals.get() < 3) {
                refusals.incrementAndGet();
                lastRefusal.set(System.currentTimeMillis());
                return "421 4.7.28 Our system has detected an unusual rate of unsolicited mail from your IP";
            }
            return null;
        };
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.answering(limited)) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .set("caravan.egress.consumers", 1)
                    .edit("responses.yaml", "rules:\n", """
                            rules:
                              - name: test-ip-rate-limit
                                match: {code: "421", text: "unusual\\\\s+rate"}
                                scope: source_ip
                                actions: [suspend, shift, defer]
                                duration: 3s
                            """);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "WAIT1", Scenario.message("WAIT1"), "r@example.net");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> !l.isEmpty(),
                        Duration.ofSeconds(40));
                assertEquals(1, got.size(), "delivered once, after recovery");
                assertEquals(3, refusals.get(), "each eligible source was tried once and suspended");
                assertTrue(got.get(0).atMillis() - lastRefusal.get() >= 2_000,
                        "with every source out, the mail waited for the suspensions to end");
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()), "nothing bounced");
            }
        }
    }
}
