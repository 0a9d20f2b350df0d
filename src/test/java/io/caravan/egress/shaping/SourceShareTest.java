package io.caravan.egress.shaping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a source's connection slots divide among the region's nodes that send from it. */
class SourceShareTest {

    /**
     * max_connections_per_source, reputation factor, sharers -> this node's slots, and what the region holds at
     * once when each sharer takes as many (the sharers' slots together).
     */
    @ParameterizedTest(name = "{0} per source, reputation {1}, {2} node(s) -> {3} each, {4} in the region")
    @CsvSource({
            "4,  1.0,  1, 4, 4",    // alone: the whole figure
            "4,  1.0,  2, 2, 4",
            "5,  1.0,  2, 2, 4",    // floor: one slot of the five unused rather than six in the region
            "5,  1.0,  3, 1, 3",
            "10, 1.0,  3, 3, 9",
            "10, 0.5,  2, 2, 4",    // reputation and sharing multiply: 10 × 0.5 / 2 = 2.5
            "4,  1.0,  4, 1, 4",
            "4,  1.0,  6, 1, 6",    // more nodes than slots: one each, so the region holds one per node
            "1,  1.0,  2, 1, 2",
            "5,  0.01, 1, 1, 1",    // a suspended-looking source still probes with one
            "5,  2.0,  1, 5, 5",    // a factor above 1 is no licence for more than configured
            "5,  1.0,  0, 5, 5",    // no sharers heard (never below this node itself)
    })
    void slotsPerNodeAndForTheRegion(int configured, double reputed, int sharers, int each, int region) {
        int slots = SourceShare.slots(configured, SourceShare.factor(reputed, sharers));
        assertEquals(each, slots);
        assertEquals(region, slots * Math.max(1, sharers));
        double reputedSlots = configured * Math.min(1.0, Math.max(0.01, reputed));
        assertTrue(region <= Math.max(reputedSlots, Math.max(1, sharers)),
                "the documented bound: at most the configured figure × reputation, or one per node");
    }

    /**
     * max_connections (all sources to the destination), nodes that send -> this node's figure, and what the region
     * holds at once: at most the configured figure, or one per node when there are more nodes than connections.
     */
    @ParameterizedTest(name = "{0} to the destination, {1} node(s) -> {2} each, {3} in the region")
    @CsvSource({
            "20, 1, 20, 20",
            "20, 2, 10, 20",
            "20, 3,  6, 18",   // floor
            "5,  2,  2,  4",
            "1,  2,  1,  2",   // more nodes than connections: one each
            "6,  0,  6,  6",   // no senders heard: this node takes the whole figure
    })
    void aDestinationsConnectionsDivideAmongTheSendingNodes(int configured, int nodes, int each, int region) {
        ShapingSpec spec = new ShapingSpec(configured, 5, null, null, 100).shareOf(nodes);
        assertEquals(each, spec.maxConnections());
        assertEquals(region, spec.maxConnections() * Math.max(1, nodes));
        assertTrue(region <= Math.max(configured, Math.max(1, nodes)));
        assertEquals(5, spec.maxConnectionsPerSource(), "the per-source figure is shared by its own rule");
    }

    /** The limiter gives a node no more than its share: two nodes, 4 per source, each stops at 2. */
    @ParameterizedTest(name = "{0} per source, {1} node(s) -> {2} slots on this node")
    @CsvSource({"4, 2, 2", "4, 1, 4", "3, 2, 1", "1, 3, 1"})
    void theLimiterStopsAtTheShare(int configured, int sharers, int expected) {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter();
        ShapingSpec spec = new ShapingSpec(100, configured, null, null, 100);
        double factor = SourceShare.factor(1.0, sharers);
        int granted = 0;
        for (Optional<ConcurrencyLimiter.Permit> p = limiter.tryAcquire("tx-1", "example.net", spec, factor);
             p.isPresent(); p = limiter.tryAcquire("tx-1", "example.net", spec, factor)) {
            granted++;
        }
        assertEquals(expected, granted);
    }
}
