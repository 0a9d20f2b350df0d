package io.caravan.egress.pools;

import java.util.List;

/** A named set of egress sources that carry one kind of traffic in one region. */
public record Pool(String name, List<EgressSource> sources) {

    public Pool {
        sources = List.copyOf(sources);
    }
}
