package io.caravan.egress.shaping;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which limits apply to a delivery: defaults, then the provider rule whose MX
 * suffix matches the destination's MX host (the longest suffix wins), then the
 * rule for the recipient domain itself; the most specific wins, field by
 * field, so a domain rule that only lowers connections keeps the provider's
 * rates. The destination key groups all domains of one provider together.
 */
public record ShapingRules(ShapingSpec defaults, List<ProviderShaping> providers, Map<String, ShapingOverride> domains) {

    public ShapingRules {
        providers = List.copyOf(providers);
        domains = Map.copyOf(domains);
    }

    public static ShapingRules defaultsOnly() {
        return new ShapingRules(ShapingSpec.defaults(), List.of(), Map.of());
    }

    /** The provider whose MX suffix matches {@code mxHost}, if any. */
    public Optional<ProviderShaping> provider(String mxHost) {
        if (mxHost == null) return Optional.empty();
        String host = normalise(mxHost);
        ProviderShaping best = null;
        int bestLength = -1;
        for (ProviderShaping p : providers) {
            int length = p.matchLength(host);
            if (length > bestLength) {
                best = p;
                bestLength = length;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The provider name for the reputation rules, or null when the MX belongs to no known provider. */
    public String providerName(String mxHost) {
        return provider(mxHost).map(ProviderShaping::name).orElse(null);
    }

    /** The key that limits are counted under: the provider name, or the domain when no provider matches. */
    public String destination(String domain, String mxHost) {
        return provider(mxHost).map(ProviderShaping::name).orElse(normalise(domain));
    }

    public ShapingSpec resolve(String domain, String mxHost) {
        ShapingSpec spec = defaults;
        Optional<ProviderShaping> p = provider(mxHost);
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
