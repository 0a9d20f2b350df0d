package io.caravan.egress.pools;

/**
 * An egress source as the pool chooser sees it: its name (the source IP or its
 * configured name, as used in suspensions) and its weight within its pool.
 */
public record SourceView(String name, int weight) {

    public SourceView {
        if (weight < 0) throw new IllegalArgumentException("weight must not be negative: " + weight);
    }
}
