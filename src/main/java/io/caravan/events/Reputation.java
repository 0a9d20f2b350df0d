package io.caravan.events;

import io.caravan.jmx.Beans;
import io.caravan.maillog.MailLog;
import io.caravan.reputation.Layer;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.RuleStats;
import io.caravan.reputation.SuspensionView;
import io.caravan.config.Values;
import io.caravan.reputation.UnmatchedRules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The {@link ReputationMBean} of one node, registered in the platform MBean
 * server for as long as the node runs. A resume is published on the region's
 * stream like any other reputation event, so every node lifts it.
 */
public final class Reputation implements ReputationMBean, AutoCloseable {

    /** How many unmatched wordings the view shows. */
    static final int TOP = 20;

    private final ReputationState state;
    private final RuleStats stats;
    private final RegionEvents events;
    private final Clock clock;
    private final ObjectName name;
    private final Set<String> providers;
    private final Map<String, List<String>> pools;

    private Reputation(ReputationState state, RuleStats stats, RegionEvents events, Clock clock,
                       ObjectName name, Set<String> providers, Map<String, List<String>> pools) {
        this.pools = Map.copyOf(pools);
        this.state = state;
        this.stats = stats;
        this.events = events;
        this.clock = clock;
        this.name = name;
        this.providers = Set.copyOf(providers);
    }

    public static Reputation register(String node, ReputationState state, RuleStats stats, RegionEvents events,
                                      Clock clock) {
        return register(node, state, stats, events, clock, Set.of(), Map.of());
    }

    /** @param providers the provider table's names, for the rule skeletons of unmatched replies */
    public static Reputation register(String node, ReputationState state, RuleStats stats, RegionEvents events,
                                      Clock clock, Set<String> providers) {
        return register(node, state, stats, events, clock, providers, Map.of());
    }

    /**
     * @param providers the provider table's names, for the rule skeletons of unmatched replies
     * @param pools     the region's pools and the sources of each, so that an operator may name a pool
     */
    public static Reputation register(String node, ReputationState state, RuleStats stats, RegionEvents events,
                                      Clock clock, Set<String> providers, Map<String, List<String>> pools) {
        try {
            ObjectName name = new ObjectName("io.caravan:type=Reputation,node=" + ObjectName.quote(node));
            Reputation bean = new Reputation(state, stats, events, clock, name, providers, pools);
            Beans.show(name, bean, ReputationMBean.class);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the reputation MBean", e);
        }
    }

    @Override
    public String[] getActiveSuspensions() {
        return state.activeSuspensions(clock.instant()).stream().map(this::describe).toArray(String[]::new);
    }

    @Override
    public int getActiveSuspensionCount() {
        return state.activeSuspensions(clock.instant()).size();
    }

    @Override
    public String[] getRuleCounts() {
        return stats.snapshot().entrySet().stream().map(e -> e.getKey() + " matched=" + e.getValue().matched()
                + " triggered=" + e.getValue().triggered() + " dry-run=" + e.getValue().dryRun()).toArray(String[]::new);
    }

    @Override
    public String[] getGenericRuleCounts() {
        return stats.snapshot().entrySet().stream().filter(e -> stats.layerOf(e.getKey()) == Layer.GENERIC)
                .map(e -> e.getKey() + " matched=" + e.getValue().matched() + " triggered=" + e.getValue().triggered()
                        + " dry-run=" + e.getValue().dryRun()).toArray(String[]::new);
    }

    @Override
    public long getUnmatchedReplyCount() {
        return stats.unmatched().perProvider().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String[] getUnmatchedReplies() {
        return stats.unmatched().top(TOP).stream().map(e -> e.count() + " " + e.provider() + ": " + e.shape())
                .toArray(String[]::new);
    }

    @Override
    public String getUnmatchedReplyRules() {
        return UnmatchedRules.yaml(stats.unmatched().top(TOP), providers);
    }

    @Override
    public String resume(String source, String provider) {
        List<String> done = new ArrayList<>();
        for (String one : sources(source)) {
            Optional<ReputationEvent.Resumed> event = state.resume(one, provider, "lifted by an operator");
            event.ifPresent(MailLog::reputation);
            event.ifPresent(events::publish);
            done.add(event.isPresent() ? one + " resumed for " + provider : one + " was not suspended for " + provider);
        }
        return String.join("; ", done);
    }

    @Override
    public String suspend(String source, String provider, String duration) {
        Duration length = Values.duration(duration);
        List<String> done = new ArrayList<>();
        for (String one : sources(source)) {
            Optional<ReputationEvent.Suspended> event = state.suspend(one, provider, length,
                    "suspended by an operator");
            event.ifPresent(MailLog::reputation);
            event.ifPresent(events::publish);
            done.add(event.isPresent() ? one + " suspended for " + provider + " until " + event.get().until()
                    : one + " stays suspended for " + provider + " (a longer suspension is in force)");
        }
        return String.join("; ", done);
    }

    /** A pool's sources, or the one source named; a name that is neither is refused when pools are known. */
    private List<String> sources(String sourceOrPool) {
        List<String> pool = pools.get(sourceOrPool);
        if (pool != null) {
            return pool;
        }
        if (!pools.isEmpty() && pools.values().stream().noneMatch(p -> p.contains(sourceOrPool))) {
            throw new IllegalArgumentException("no source or pool named '" + sourceOrPool + "' in egress.yaml");
        }
        return List.of(sourceOrPool);
    }

    private String describe(SuspensionView s) {
        return s.source() + " " + s.provider() + " until " + s.until() + " rule " + s.rule()
                + " layer " + stats.layerOf(s.rule()).label() + (s.blocked() ? " blocked" : "") + ": " + s.reason();
    }

    @Override
    public void close() {
        Beans.hide(name, this);
    }
}
