package io.caravan.egress.shaping;

import java.util.List;

/**
 * A provider: the MX host suffixes that identify it and its limits. Providers
 * are recognised by MX host, not by recipient domain, because thousands of
 * domains are hosted by the same few providers and share their limits.
 */
public record ProviderShaping(String name, List<String> mxSuffixes, ShapingOverride limits) {

    public ProviderShaping {
        mxSuffixes = mxSuffixes.stream().map(ShapingRules::normalise).toList();
    }

    /** The length of the suffix that matches {@code host}, or -1. */
    int matchLength(String host) {
        int best = -1;
        for (String suffix : mxSuffixes) {
            if (host.equals(suffix) || host.endsWith("." + suffix)) {
                best = Math.max(best, suffix.length());
            }
        }
        return best;
    }
}
