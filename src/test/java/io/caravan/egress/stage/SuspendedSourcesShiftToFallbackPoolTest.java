package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver's "unusual rate" 421 to a source suspends that source (a reply rule in
 * responses.yaml); the retry leaves from the pool's other source, and once both are suspended the
 * mail shifts to the fallback pool (shared, 127.0.0.7) and is delivered from there.
 */
class SuspendedSourcesShiftToFallbackPoolTest {

    private static final Set<String> TRANSACTIONAL = Set.of("127.0.0.2", "127.0.0.3");

    @TempDir
    Path dir;

    @Test
    void mailShiftsWhenThePoolIsSuspended() throws Exception {
        TestMx.Answer rateLimited = (rcpt, n, client) -> TRANSACTIONAL.contains(client)
                ? "421 4.7.28 Our system has detected an unusual rate of unsolicited mail from your IP" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.answering(rateLimited)) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .edit("responses.yaml", "rules:\n", """
                            rules:
                              - name: test-ip-rate-limit
                                match: {code: "421", text: "unusual\\\\s+rate"}
                                scope: source_ip
                                actions: [suspend, shift, defer]
                                duration: 1h
                            """)
                    .set("caravan.retry.initial", "1s").set("caravan.retry.cap", "1s").set("caravan.retry.jitter", 0);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "SHIFT1", Scenario.message("SHIFT1"), "r@example.net");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> !l.isEmpty(), Duration.ofSeconds(20));
                assertEquals(1, got.size());
                assertEquals("127.0.0.7", got.get(0).clientAddress());
                assertEquals("shared1.caravan.localhost", got.get(0).helo());
                assertEquals(3, mx.tries("r@example.net"), "one refusal per transactional source, then the shift");
            }
        }
    }
}
