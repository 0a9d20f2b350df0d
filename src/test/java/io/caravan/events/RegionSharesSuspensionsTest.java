package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.reputation.ReputationEvent;
import io.caravan.testing.KafkaBroker;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one region over a real Kafka broker: a suspension decided on
 * node A is applied on node B, and a node started afterwards learns it too, from
 * a topic the first node created compacted.
 */
class RegionSharesSuspensionsTest {

    @TempDir
    Path dir;

    @Test
    void suspensionSeenOnOneNodeProtectsTheOthers() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
             Gateway a = node("a", kafka).start();
             Gateway b = node("b", kafka).start()) {
            Instant until = Instant.now().plus(Duration.ofHours(1));
            a.camelContext().createProducerTemplate().sendBody(EventRoutes.PUBLISH,
                    ReputationEvent.Suspended.of("local", "a", "local-tx-1", "gmail", "421 4.7.28 rate limited",
                            "gmail-ip-rate-limit", until, Instant.now(), false));
            awaitTrue(() -> b.reputation().isSuspended("local-tx-1", "gmail", Instant.now()), "B applies A's event");
            awaitTrue(() -> a.reputation().isSuspended("local-tx-1", "gmail", Instant.now()), "A applies its own");
            assertTrue(!b.reputation().isSuspended("local-tx-1", "yahoo", Instant.now()), "only that provider");

            assertEquals("compact", cleanupPolicy(kafka, EventRoutes.topic("local")),
                    "the reputation topic keeps the newest event per key");
            try (Gateway c = node("c", kafka).start()) {
                awaitTrue(() -> c.reputation().isSuspended("local-tx-1", "gmail", Instant.now()),
                        "a node started later reads the suspensions still in force");
            }
        }
    }

    @Test
    void aResumeReplacesItsSuspensionWhileAThrottleKeepsAKeyOfItsOwn() {
        Instant now = Instant.now();
        ReputationEvent suspended = ReputationEvent.Suspended.of("local", "a", "tx-1", "gmail", "421", "r",
                now.plusSeconds(60), now, false);
        ReputationEvent resumed = ReputationEvent.Resumed.of("local", "a", "tx-1", "gmail", "operator", "r", now);
        assertEquals(ReputationTopic.key(suspended), ReputationTopic.key(resumed));
        assertEquals("tx-1|gmail|suspension", ReputationTopic.key(suspended));
        assertTrue(!ReputationTopic.key(suspended).equals(ReputationTopic.key(ReputationEvent.Suspended.of("local",
                "a", "tx-1", "yahoo", "421", "r", now.plusSeconds(60), now, false))), "one key per pair");
    }

    private static String cleanupPolicy(KafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value();
        }
    }

    private TestNode node(String name, KafkaBroker kafka) {
        return new TestNode(dir.resolve(name))
                .set("caravan.node.name", name)
                .set("caravan.kafka.bootstrap", kafka.bootstrap())
                .set("camel.main.jmxEnabled", false)
                .edit("broker.xml", "<jmx-management-enabled>true", "<jmx-management-enabled>false");
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }
}
