package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.reputation.ReputationEvent;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Kafka the same events flow through a topic on the node's own broker. */
class LoneNodeEventsTest {

    @TempDir
    Path dir;

    @Test
    void eventsFlowThroughTheEmbeddedBroker() throws Exception {
        try (Gateway node = new TestNode(dir).start()) {
            node.camelContext().createProducerTemplate().sendBody(EventRoutes.PUBLISH,
                    ReputationEvent.Suspended.of("local", "n", "local-bulk-1", "yahoo", "421 4.7.0 [TSS04]",
                            "yahoo-tss04", Instant.now().plus(Duration.ofHours(2)), Instant.now(), false));
            RegionSharesSuspensionsTest.awaitTrue(
                    () -> node.reputation().isSuspended("local-bulk-1", "yahoo", Instant.now()), "applied");
            assertTrue(node.camelContext().getEndpoint("sjms2:topic:" + EventRoutes.topic("local")) != null);
        }
    }
}
