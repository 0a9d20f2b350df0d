package io.caravan.egress.shaping;

import io.caravan.config.Mention;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which limits apply to a delivery: defaults, then the limits of the route's provider (named by
 * {@code providers.yaml}, recognised by routing), then the rule for the recipient domain itself; the
 * most specific wins, field by field, so a domain rule that only lowers connections keeps the
 * provider's rates. The destination key groups all domains of one provider together.
 *
 * @param providerNames where each provider name is written, for the start-up check against providers.yaml
 */
public record ShapingRules(ShapingSpec defaults, List<ProviderShaping> providers, Map<String, ShapingOverride> domains,
                           List<Mention> providerNames) {

    public ShapingRules {
        providers = List.copyOf(providers);
        domains = Map.copyOf(domains);
        providerNames = List.copyOf(providerNames);
    }

    public static ShapingRules defaultsOnly() {
        return new ShapingRules(ShapingSpec.defaults(), List.of(), Map.of(), List.of());
    }

    /** The limits shaping.yaml gives {@code provider}, if any. */
    public Optional<ProviderShaping> provider(String provider) {
        return provider == null ? Optional.empty()
                : providers.stream().filter(p -> p.name().equals(provider)).findFirst();
    }

    /**
     * The key that limits are counted under: the provider when shaping.yaml gives it limits, else
     * the recipient domain. A provider without limits here is counted per domain, as an unknown one
     * is, so the defaults never bind a whole provider's traffic to one destination's connections.
     */
    public String destination(String domain, String provider) {
        return provider(provider).map(ProviderShaping::name).orElse(normalise(domain));
    }

    public ShapingSpec resolve(String domain, String provider) {
        ShapingSpec spec = defaults;
        Optional<ProviderShaping> p = provider(provider);
        if (p.isPresent()) spec = p.get().limits().over(spec);
        ShapingOverride d = domain == null ? null : domains.get(normalise(domain));
        if (d != null) spec = d.over(spec);
        return spec;
    }

    static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) n = n.substring(1);
        if (n.startsWith("*.")) n = n.substring(2);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
