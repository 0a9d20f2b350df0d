package io.caravan.metrics;

import io.caravan.reputation.UnknownReplies;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;

/**
 * The replies no reply rule matched, per provider: {@code caravan_replies_unmatched_total{provider}} and the
 * number of distinct wordings behind them, {@code caravan_replies_unmatched_wordings}. A wording is not a label
 * (every wording would be a series for as long as the node runs): the wordings themselves are in the
 * console's JMX view (io.caravan:type=Reputation, UnmatchedReplies) and in {@code caravan rules unknown}.
 * Providers the table does not name are summed as {@code other}, as in the delivery counters.
 */
public final class UnmatchedMeters {

    static final String COUNT = Metrics.PREFIX + "replies.unmatched";
    static final String WORDINGS = Metrics.PREFIX + "replies.unmatched.wordings";

    private UnmatchedMeters() {
    }

    public static void register(MeterRegistry registry, UnknownReplies replies, List<String> providers) {
        Set<String> known = Set.copyOf(providers);
        for (String provider : providers) {
            FunctionCounter.builder(COUNT, replies, r -> r.count(provider))
                    .description("Replies no reply rule matched (they defer on 4xx and bounce on 5xx, acting on no"
                            + " source), by provider").tag("provider", provider).register(registry);
        }
        FunctionCounter.builder(COUNT, replies, r -> r.perProvider().entrySet().stream()
                        .filter(e -> !known.contains(e.getKey())).mapToLong(e -> e.getValue()).sum())
                .description("Replies no reply rule matched (they defer on 4xx and bounce on 5xx, acting on no"
                        + " source), by provider").tag("provider", Labels.OTHER).register(registry);
        Gauge.builder(WORDINGS, replies, UnknownReplies::shapes)
                .description("Distinct wordings (numbers, addresses and ids masked) among the unmatched replies")
                .register(registry);
    }
}
