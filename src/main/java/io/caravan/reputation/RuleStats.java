package io.caravan.reputation;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each rule matched and fired, dry-run rules included: a dry-run
 * rule is judged by these counts before it is switched on. The replies no rule
 * matched are kept by wording in {@link #unmatched()}.
 */
public final class RuleStats {

    /** Counts for one rule. */
    public record Counts(long matched, long triggered, long dryRun) {
    }

    private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();
    private final UnknownReplies unmatched = new UnknownReplies();

    /** The replies no rule matched, by provider and wording. */
    public UnknownReplies unmatched() {
        return unmatched;
    }

    private final Map<String, Layer> layers = new ConcurrentHashMap<>();

    /** The layer of a rule that matched since start, or what its name says ({@link Layer#ofRule}). */
    public Layer layerOf(String rule) {
        Layer l = layers.get(rule);
        return l != null ? l : Layer.ofRule(rule);
    }

    void record(Verdict v) {
        layers.putIfAbsent(v.rule(), v.layer());
        LongAdder[] c = counts.computeIfAbsent(v.rule(), k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        c[0].increment();
        if (v.triggered()) c[1].increment();
        if (v.dryRun()) c[2].increment();
    }

    public Counts of(String rule) {
        LongAdder[] c = counts.get(rule);
        return c == null ? new Counts(0, 0, 0) : new Counts(c[0].sum(), c[1].sum(), c[2].sum());
    }

    /** A snapshot, sorted by rule name, for metrics and the operator view. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        counts.keySet().forEach(k -> out.put(k, of(k)));
        return out;
    }
}
