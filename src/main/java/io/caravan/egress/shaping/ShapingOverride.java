package io.caravan.egress.shaping;

/**
 * A partial spec from one rule (defaults, a provider or a domain): a null
 * field means "inherit". A rate field holds a {@link RateSetting} so that a
 * more specific rule can say "unlimited" over an inherited rate.
 */
public record ShapingOverride(Integer maxConnections, Integer maxConnectionsPerSource, RateSetting messageRate,
                              RateSetting connectionRate, Integer maxMessagesPerConnection) {

    /** A rate, or null for unlimited. */
    public record RateSetting(Rate rate) {
    }

    public static ShapingOverride none() {
        return new ShapingOverride(null, null, null, null, null);
    }

    /** This rule laid over {@code base}, field by field. */
    public ShapingSpec over(ShapingSpec base) {
        return new ShapingSpec(
                maxConnections != null ? maxConnections : base.maxConnections(),
                maxConnectionsPerSource != null ? maxConnectionsPerSource : base.maxConnectionsPerSource(),
                messageRate != null ? messageRate.rate() : base.messageRate(),
                connectionRate != null ? connectionRate.rate() : base.connectionRate(),
                maxMessagesPerConnection != null ? maxMessagesPerConnection : base.maxMessagesPerConnection());
    }
}
