package io.caravan.reputation;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts matches of a rule per (source, provider) in a sliding window, so a
 * rule with {@code trigger: {count: N, period: P}} fires on the N-th match
 * within P. Firing empties the window: the next firing needs N fresh matches.
 */
final class TriggerCounter {

    private record Key(String rule, String source, String provider) {
    }

    private final Map<Key, Deque<Instant>> windows = new ConcurrentHashMap<>();

    /** Records a match at {@code now}; true when the rule fires. */
    boolean record(ResponseRule rule, String source, String provider, Instant now) {
        Trigger t = rule.trigger();
        if (t.immediate()) return true;
        Deque<Instant> window = windows.computeIfAbsent(new Key(rule.name(), source, String.valueOf(provider)),
                k -> new ArrayDeque<>());
        synchronized (window) {
            Instant horizon = now.minus(t.period());
            while (!window.isEmpty() && !window.peekFirst().isAfter(horizon)) {
                window.pollFirst();
            }
            window.addLast(now);
            if (window.size() >= t.count()) {
                window.clear();
                return true;
            }
            return false;
        }
    }
}
