package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replies no rule matched (or only a code-only rule such as "any 421"), counted per provider and wording ({@link ReplyShape}), so an operator learns
 * of a new wording from a count and not from a block listing. The table holds at most {@value #MAX_SHAPES}
 * wordings; past that a new wording is counted in its provider's total only, and in {@link #dropped()}.
 *
 * <p>Thread-safe.
 */
public final class UnknownReplies {

    static final int MAX_SHAPES = 1000;

    /** One wording: where it came from, how often, and the last reply with it, unmasked. */
    public record Entry(String provider, String shape, long count, String example) {
    }

    private record Key(String provider, String shape) {
    }

    private static final class Tally {
        final LongAdder count = new LongAdder();
        volatile String example;
    }

    private final Map<Key, Tally> shapes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perProvider = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    void record(String provider, Reply reply) {
        String p = provider == null || provider.isBlank() ? "unknown" : provider;
        perProvider.computeIfAbsent(p, k -> new LongAdder()).increment();
        Key key = new Key(p, ReplyShape.of(reply));
        Tally t = shapes.get(key);
        if (t == null) {
            if (shapes.size() >= MAX_SHAPES) {
                dropped.incrementAndGet();
                return;
            }
            t = shapes.computeIfAbsent(key, k -> new Tally());
        }
        t.count.increment();
        t.example = ResponseClassifier.reason(reply);
    }

    /** Unmatched replies from a provider since start. */
    public long count(String provider) {
        LongAdder a = perProvider.get(provider);
        return a == null ? 0 : a.sum();
    }

    /** Unmatched replies per provider since start. */
    public Map<String, Long> perProvider() {
        Map<String, Long> out = new java.util.TreeMap<>();
        perProvider.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** How many distinct wordings are counted. */
    public int shapes() {
        return shapes.size();
    }

    /** Unmatched replies whose wording was not kept because the table was full. */
    public long dropped() {
        return dropped.get();
    }

    /** The {@code n} most frequent wordings, most frequent first. */
    public List<Entry> top(int n) {
        List<Entry> all = new ArrayList<>();
        shapes.forEach((k, t) -> all.add(new Entry(k.provider(), k.shape(), t.count.sum(), t.example)));
        all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::provider)
                .thenComparing(Entry::shape));
        return all.subList(0, Math.min(n, all.size()));
    }
}
