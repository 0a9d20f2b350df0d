package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule in dry-run mode decides and counts, and does nothing: Gmail's rate-limit reply on a
 * source leaves the source in use (no suspension, no retry elsewhere); the reply's own class
 * decides (a 4xx waits on the queue), and the operator sees the dry-run count in JMX.
 */
class DryRunRuleOnlyCountsTest {

    @TempDir
    Path dir;

    @Test
    void aDryRunRuleIsCountedNotApplied() throws Exception {
        TestMx.Answer gmail = (rcpt, n, client) -> client.equals("127.0.0.2") ? GmailRateLimitMovesTrafficTest.GMAIL_421
                : null;
        try (TestMx mx = TestMx.answering(gmail); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("gmail.test smtp:gmail.test:" + mx.port())
                    .set("caravan.node.name", "dry-1")
                    .edit("responses.yaml", "duration: 1h\n    recovery: {start: 0.2, step: 0.1, every: 15m",
                            "dry_run: true\n    duration: 1h\n    recovery: {start: 0.2, step: 0.1, every: 15m")
                    // one source in the pool: the reply always comes back to it
                    .edit("egress.yaml",
                            "          - { name: local-tx-2, bind: 127.0.0.3, ehlo: tx2.caravan.localhost, weight: 1 }\n",
                            "");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
                Scenario.accept(jms, "D1", Scenario.message("D1"), "d1@gmail.test");
                ObjectName bean = new ObjectName("io.caravan:type=Reputation,node=\"dry-1\"");
                List<String> counts = Scenario.await(() -> Arrays.asList((String[]) ManagementFactory
                        .getPlatformMBeanServer().getAttribute(bean, "RuleCounts")),
                        l -> !l.isEmpty(), Duration.ofSeconds(20));

                assertEquals(List.of("gmail-ip-rate-limit matched=1 triggered=1 dry-run=1"), counts);
                assertTrue(gateway.reputation().activeSuspensions(Instant.now()).isEmpty(), "nothing suspended");
                DeliveryEvent deferred = Json.read(Jms.next(events, Duration.ofSeconds(10)), DeliveryEvent.class);
                assertEquals("deferred local-tx-1 421", deferred.type() + " " + deferred.source() + " " + deferred.code());
                assertTrue(Instant.parse(deferred.retryAt()).isAfter(Instant.now().plus(Duration.ofMinutes(1))),
                        "the 4xx waits for its retry on the schedule, not elsewhere at once");
                assertEquals(List.of(), mx.messages, "nothing delivered yet, nothing bounced");
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()));
            }
        }
    }
}
