package io.caravan.egress.pools;

import io.caravan.routing.plan.PoolPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pools of one region and which pool each traffic class uses there, with the pools it may
 * shift to (in order) when the primary's sources are suspended. A class without its own entry
 * uses the {@code "*"} entry. Fallbacks stay inside the region: mail does not leave from another
 * continent because one pool is in trouble.
 */
public record Region(String name, Map<String, Pool> pools, Map<String, ClassPools> classes) implements PoolPlan {

    public static final String ANY_CLASS = "*";

    /** The pool of a class and its fallbacks, by pool name. */
    public record ClassPools(String pool, List<String> fallback) {
        public ClassPools {
            fallback = List.copyOf(fallback);
        }
    }

    public Region {
        pools = Map.copyOf(pools);
        classes = Map.copyOf(classes);
    }

    /** The primary pool first, then the fallbacks in order. */
    public List<Pool> poolsFor(String trafficClass) {
        ClassPools c = classes.getOrDefault(trafficClass, classes.get(ANY_CLASS));
        if (c == null) {
            throw new IllegalArgumentException("region " + name + " has no pool for class " + trafficClass);
        }
        List<Pool> out = new ArrayList<>();
        out.add(pools.get(c.pool()));
        c.fallback().forEach(f -> out.add(pools.get(f)));
        return out;
    }

    @Override
    public List<String> poolNames(String trafficClass) {
        return poolsFor(trafficClass).stream().map(Pool::name).toList();
    }

    @Override
    public boolean hasPool(String pool) {
        return pools.containsKey(pool);
    }

    @Override
    public boolean servesClass(String trafficClass) {
        return classes.containsKey(trafficClass) || classes.containsKey(ANY_CLASS);
    }

    /** The names of every source of the region's pools, sorted. */
    public Set<String> sourceNames() {
        Set<String> names = new TreeSet<>();
        pools.values().forEach(pool -> pool.sources().forEach(source -> names.add(source.name())));
        return names;
    }
}
