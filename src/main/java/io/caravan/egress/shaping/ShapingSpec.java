package io.caravan.egress.shaping;

/**
 * The limits that apply to one destination (a provider, or a domain no
 * provider rule claims), after defaults, provider and domain rules are merged.
 * Rates apply per source × destination (a provider judges each sending IP on
 * its own); a null rate means unlimited.
 *
 * @param maxConnections           concurrent connections to the destination, all sources together
 * @param maxConnectionsPerSource  concurrent connections to the destination from one source
 * @param messageRate              messages per source × destination, or null
 * @param connectionRate           new connections per source × destination, or null
 * @param maxMessagesPerConnection messages sent on one connection before it is closed
 */
public record ShapingSpec(int maxConnections, int maxConnectionsPerSource, Rate messageRate, Rate connectionRate,
                          int maxMessagesPerConnection) {

    public ShapingSpec {
        if (maxConnections < 1) throw new IllegalArgumentException("max_connections must be at least 1");
        if (maxConnectionsPerSource < 1) throw new IllegalArgumentException("max_connections_per_source must be at least 1");
        if (maxMessagesPerConnection < 1) throw new IllegalArgumentException("max_messages_per_connection must be at least 1");
    }

    /**
     * The limits one of {@code nodes} sending nodes of a region takes: {@code max_connections} (all sources
     * together) divided among them, rounded down, at least 1. The per-source limits are divided by the nodes that
     * share each source ({@link SourceShare}).
     */
    public ShapingSpec shareOf(int nodes) {
        int share = Math.max(1, maxConnections / Math.max(1, nodes));
        return share == maxConnections ? this
                : new ShapingSpec(share, maxConnectionsPerSource, messageRate, connectionRate, maxMessagesPerConnection);
    }

    /** 20 connections per destination, 5 per source, 100 messages per connection, no rate limit. */
    public static ShapingSpec defaults() {
        return new ShapingSpec(20, 5, null, null, 100);
    }
}
