package io.caravan.metrics;

import java.util.Set;

/**
 * The label values a delivery counter may carry. Every series costs the scraper memory for as long as it
 * lives, so a label takes only names the configuration gave (providers of providers.yaml, pools and sources
 * of the region): anything else, such as the registered domain routing names an unknown provider by, is
 * folded into {@code other}. A missing value is {@code none}.
 */
public record Labels(Set<String> providers, Set<String> pools, Set<String> sources) {

    public static final String OTHER = "other";
    public static final String NONE = "none";

    public Labels {
        providers = Set.copyOf(providers);
        pools = Set.copyOf(pools);
        sources = Set.copyOf(sources);
    }

    public String provider(String name) {
        return fold(name, providers);
    }

    public String pool(String name) {
        return fold(name, pools);
    }

    public String source(String name) {
        return fold(name, sources);
    }

    private static String fold(String name, Set<String> known) {
        if (name == null || name.isEmpty()) {
            return NONE;
        }
        return known.contains(name) ? name : OTHER;
    }
}
