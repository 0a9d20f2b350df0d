package io.caravan.routing.plan;

import java.util.List;

/**
 * What routing needs of the node's region: which pools, by name, carry each traffic class. The pools
 * themselves, their sources and the choice among them belong to egress ({@code io.caravan.egress.pools});
 * routing only writes the names on each delivery's route.
 */
public interface PoolPlan {

    /** The region's name. */
    String name();

    /** The class's primary pool first, then its fallbacks in order. */
    List<String> poolNames(String trafficClass);

    boolean servesClass(String trafficClass);

    boolean hasPool(String pool);
}
