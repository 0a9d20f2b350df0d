package io.caravan.egress.shaping;

/**
 * The part of a source's limits one node takes. Shaping's per-source limits ({@code message_rate},
 * {@code connection_rate}, {@code max_connections_per_source}) are meant for the region as a whole, while each
 * node enforces them alone; so each node scales them by a factor: the source's reputation factor (clamped to
 * [0.01, 1]) divided by the number of live nodes that send from the source ("sharers").
 *
 * <p>Rates take the factor as it is. Connection slots are whole: a node takes the floor of
 * {@code max_connections_per_source × factor}, and at least one, so that a source shared by more nodes than it
 * has slots still sends from each of them (and a recovering source keeps probing). The region then holds at once
 * at most {@code max(max_connections_per_source × reputation, sharers)} deliveries from the source: never more
 * than configured while the sharers are no more than the slots, one per node beyond that.
 */
public final class SourceShare {

    private SourceShare() {
    }

    /**
     * @param reputed the source's reputation rate factor for the destination's provider
     * @param sharers the live nodes of the region that send from the source, this one included
     * @return the factor this node applies to the source's limits, in [0.001, 1]
     */
    public static double factor(double reputed, int sharers) {
        double clamped = Math.min(1.0, Math.max(0.01, reputed));
        return Math.max(0.001, clamped / Math.max(1, sharers));
    }

    /** This node's concurrent deliveries from one source: floor of the configured figure × factor, at least 1. */
    public static int slots(int maxConnectionsPerSource, double factor) {
        return Math.max(1, (int) Math.floor(maxConnectionsPerSource * Math.min(1.0, factor)));
    }
}
