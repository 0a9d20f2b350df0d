package io.caravan.metrics;

import io.caravan.egress.EgressObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Egress's counters: recipients by status, provider, pool and source per attempt, and deferrals by the reply
 * rule that decided them. The label values are folded ({@link Labels}), so there are few label sets; each
 * counter is made the first time its set occurs and found again by plain map lookups, without building a
 * key per delivery.
 */
final class EgressMeters implements EgressObserver {

    static final String DELIVERIES = Metrics.PREFIX + "egress.deliveries";
    static final String DEFERRALS = Metrics.PREFIX + "egress.deferrals";

    private final MeterRegistry registry;
    private final Labels labels;
    /** status → provider → pool → source → counter, every key a folded label value. */
    private final Map<String, Map<String, Map<String, Map<String, Counter>>>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Counter> deferrals = new ConcurrentHashMap<>();

    EgressMeters(MeterRegistry registry, Labels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void delivery(String status, String provider, String pool, String source) {
        String p = labels.provider(provider);
        String l = labels.pool(pool);
        String s = labels.source(source);
        Counter counter = level(level(level(deliveries, status), p), l).get(s);
        if (counter == null) {
            counter = level(level(level(deliveries, status), p), l).computeIfAbsent(s, x -> Counter.builder(DELIVERIES)
                    .description("Recipients per delivery attempt, by what became of them")
                    .tags("status", status, "provider", p, "pool", l, "source", x).register(registry));
        }
        counter.increment();
    }

    @Override
    public void deferred(String rule) {
        String r = rule == null ? Labels.NONE : rule;
        Counter counter = deferrals.get(r);
        if (counter == null) {
            counter = deferrals.computeIfAbsent(r, x -> Counter.builder(DEFERRALS)
                    .description("Recipients deferred after a failed reply, by the reply rule that read it")
                    .tag("rule", x).register(registry));
        }
        counter.increment();
    }

    private static <V> Map<String, V> level(Map<String, Map<String, V>> map, String key) {
        Map<String, V> next = map.get(key);
        return next != null ? next : map.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }
}
