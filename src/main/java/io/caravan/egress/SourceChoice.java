package io.caravan.egress;

import io.caravan.egress.shaping.Rate;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.message.DeliveryRoute;
import io.caravan.egress.pools.PoolChooser;
import io.caravan.egress.pools.PoolView;
import io.caravan.reputation.ReputationState;
import io.caravan.egress.pools.SourceView;
import io.caravan.egress.pools.SpillBudget;
import io.caravan.egress.pools.EgressSource;
import io.caravan.egress.pools.Pool;
import io.caravan.egress.pools.Region;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which egress source carries a delivery now: a source of the pool routing chose, a source of one
 * of its fallback pools when the whole pool is suspended for the provider, or nobody yet (wait).
 * The policy is {@link PoolChooser}'s over the node's {@link ReputationState}; this class only
 * adapts the region's configured pools to it. A pool the route names that this node's region does
 * not have (routed elsewhere) is replaced by the region's pools for the traffic class, so mail
 * always leaves from this node's own addresses.
 *
 * <p>When a shift rule named a pool for a suspended source of the route's pool, that pool comes
 * first among the fallbacks (it is still used only once the route's pool has no usable source).
 *
 * <p>A pool's own rate to a destination, which sizes the spill-over budget it offers shifted
 * traffic, is the shaping message rate of the destination times the pool's sources; where
 * shaping sets no message rate, the configured pool rate stands in.
 */
public final class SourceChoice {

    public sealed interface Decision {
    }

    public record Send(EgressSource source, String pool, boolean shifted) implements Decision {
    }

    public record Wait(Instant until) implements Decision {
    }

    private final Region region;
    private final PoolChooser chooser;
    private final ReputationState state;
    private final SpillBudget budget;
    private final Clock clock;
    private final RandomGenerator random;
    private final ShapingRules shaping;
    private final double poolRate;

    /** @param poolRate messages per second a pool is taken to carry where shaping sets no message rate */
    public SourceChoice(Region region, PoolChooser chooser, ReputationState state, SpillBudget budget, Clock clock,
                        RandomGenerator random, ShapingRules shaping, double poolRate) {
        this.region = region;
        this.chooser = chooser;
        this.state = state;
        this.budget = budget;
        this.clock = clock;
        this.random = random;
        this.shaping = shaping;
        this.poolRate = poolRate;
    }

    /**
     * A decision that sent nothing (its source's shaping held it, or its reservation went unused): a shifted one
     * gives back the spill-over budget it took, or the fallback pool would lose that share for nothing.
     */
    public void unused(Send send, DeliveryRoute route) {
        if (send.shifted()) {
            budget.giveBack(send.pool(), route.provider());
        }
    }

    public Decision decide(DeliveryRoute route) {
        List<Pool> pools = pools(route);
        Rate perSource = messageRate(route);
        List<PoolView> fallbacks = pools.subList(1, pools.size()).stream().map(p -> view(p, perSource)).toList();
        PoolChooser.Choice choice = chooser.choose(view(pools.get(0), perSource), fallbacks, route.provider(), state,
                budget, clock.instant(), random.nextDouble());
        if (choice instanceof PoolChooser.Use use) {
            return new Send(source(use.pool(), use.source().name()), use.pool(), use.shifted());
        }
        return new Wait(((PoolChooser.Wait) choice).until());
    }

    /**
     * The sources of the pool the route's mail leaves from first (the route's pool, or the region's first pool for
     * its traffic class when this node's region lacks it); fallback pools are not counted.
     */
    public List<EgressSource> sourcesOf(DeliveryRoute route) {
        Pool primary = region.pools().get(route.pool());
        if (primary != null) {
            return primary.sources();
        }
        List<Pool> pools = region.poolsFor(route.trafficClass());
        return pools.isEmpty() ? List.of() : pools.get(0).sources();
    }

    private List<Pool> pools(DeliveryRoute route) {
        Pool primary = region.pools().get(route.pool());
        if (primary == null) {
            return region.poolsFor(route.trafficClass());
        }
        List<Pool> out = new ArrayList<>();
        out.add(primary);
        Instant now = clock.instant();
        primary.sources().stream()
                .map(s -> state.shiftTarget(s.name(), route.provider(), now).map(region.pools()::get).orElse(null))
                .filter(p -> p != null && !out.contains(p)).forEach(out::add);
        route.fallbackPools().stream().map(region.pools()::get).filter(p -> p != null && !out.contains(p))
                .forEach(out::add);
        return out;
    }

    /** The destination's message rate per source, or null when shaping sets none. */
    private Rate messageRate(DeliveryRoute route) {
        String domain = route.firstDomain();
        return domain == null ? null : shaping.resolve(domain, route.provider()).messageRate();
    }

    private PoolView view(Pool pool, Rate perSource) {
        List<SourceView> sources = pool.sources().stream().map(s -> new SourceView(s.name(), s.weight())).toList();
        long sending = sources.stream().filter(s -> s.weight() > 0).count();
        double rate = perSource == null || sending == 0 ? poolRate : perSource.perSecond() * sending;
        return new PoolView(pool.name(), sources, rate);
    }

    private EgressSource source(String pool, String name) {
        return region.pools().get(pool).sources().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no source " + name + " in pool " + pool));
    }
}
