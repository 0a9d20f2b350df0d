package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.reputation.SuspensionView;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider recognised as Gmail by its MX rate-limits one of our sources
 * with its real "421 4.7.28" reply: that source is suspended for Gmail (with
 * the reason and the end time visible), every message is delivered through
 * the pool's other source, and nothing bounces.
 */
class GmailRateLimitMovesTrafficTest {

    static final String GMAIL_421 = "421 4.7.28 [127.0.0.2] Our system has detected an unusual rate of unsolicited "
            + "mail originating from your IP address. To protect our users from spam, mail sent from your IP address "
            + "has been temporarily rate limited. - gsmtp";

    @TempDir
    Path dir;

    @Test
    void rateLimitedSourceIsSuspendedAndMailLeavesFromTheOther() throws Exception {
        Map<String, AtomicInteger> triesByClient = new ConcurrentHashMap<>();
        TestMx.Answer gmail = (rcpt, n, client) -> {
            triesByClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
            return client.equals("127.0.0.2") ? GMAIL_421 : null;
        };
        try (TestMx mx = TestMx.answering(gmail); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            // one delivery at a time, and the rate-limited source first in line, so the count below is exact
            TestNode node = new TestNode(dir).dns(dns).transport("gmail.test smtp:gmail.test:" + mx.port())
                    .set("caravan.egress.consumers", 1)
                    .edit("egress.yaml", "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1",
                            "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1000");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 10; i++) {
                    Scenario.accept(jms, "G" + i, Scenario.message("G" + i), "user" + i + "@gmail.test");
                }
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() >= 10,
                        Duration.ofSeconds(30));
                assertEquals(10, got.size(), "every message delivered");
                assertTrue(got.stream().allMatch(r -> r.clientAddress().equals("127.0.0.3")),
                        "all delivered through the source that was not rate limited");
                assertEquals(1, triesByClient.get("127.0.0.2").get(),
                        "the suspended source is not tried again for Gmail");

                List<SuspensionView> suspended = gateway.reputation().activeSuspensions(Instant.now());
                assertEquals(1, suspended.size());
                SuspensionView s = suspended.get(0);
                assertEquals("local-tx-1", s.source());
                assertEquals("gmail", s.provider());
                assertEquals("gmail-ip-rate-limit", s.rule());
                assertTrue(s.reason().contains("4.7.28"), s.reason());
                assertTrue(s.until().isAfter(Instant.now().plus(Duration.ofMinutes(50))), "suspended for the rule's hour");
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()), "nothing bounced");
            }
        }
    }
}
