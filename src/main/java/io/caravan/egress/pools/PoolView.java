package io.caravan.egress.pools;

import java.util.List;

/**
 * A pool of egress sources as the pool chooser sees it.
 *
 * @param name        pool name
 * @param sources     its sources with weights
 * @param perSecond   the pool's own message rate; shifted traffic may take a share of it
 */
public record PoolView(String name, List<SourceView> sources, double perSecond) {

    public PoolView {
        sources = List.copyOf(sources);
        if (!(perSecond > 0)) throw new IllegalArgumentException("pool rate must be positive: " + perSecond);
    }
}
