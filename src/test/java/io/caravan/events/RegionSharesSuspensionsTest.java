package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.reputation.ReputationEvent;
import io.caravan.testing.KafkaBroker;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one region over a real Kafka broker: a suspension decided on
 * node A is applied on node B, and a node started afterwards learns it too.
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

            try (Gateway c = node("c", kafka).start()) {
                awaitTrue(() -> c.reputation().isSuspended("local-tx-1", "gmail", Instant.now()),
                        "a node started later reads the suspensions still in force");
            }
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
