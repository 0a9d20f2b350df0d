package io.caravan.egress.shaping;

/**
 * A provider's limits. The provider is named as in {@code providers.yaml}, which alone recognises
 * it (by MX host or recipient domain); routing puts the name on the delivery's route.
 *
 * @param name   the provider name
 * @param limits what this provider changes over the defaults
 */
public record ProviderShaping(String name, ShapingOverride limits) {
}
