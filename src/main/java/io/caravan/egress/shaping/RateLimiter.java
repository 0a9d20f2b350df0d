package io.caravan.egress.shaping;

import io.caravan.rate.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message and connection rates per key (a destination, or a source ×
 * destination), each a token bucket. The rate comes from the shaping spec and
 * may be scaled down by a reputation factor; the burst is about one second's
 * worth (at least one), so a slow rate such as 20/d is never spent at once.
 * Thread-safe and non-blocking: {@link #tryAcquire} returns the wait.
 */
public final class RateLimiter {

    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes a permit for {@code key} at the full rate; a null rate means unlimited. */
    public Duration tryAcquire(String key, Rate rate) {
        return tryAcquire(key, rate, 1.0);
    }

    /**
     * Takes a permit for {@code key} at {@code rate × factor}: {@link Duration#ZERO} when granted,
     * otherwise how long to wait. A null rate means unlimited.
     */
    public Duration tryAcquire(String key, Rate rate, double factor) {
        if (rate == null) return Duration.ZERO;
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("factor must be in (0, 1]: " + factor);
        double perSecond = rate.perSecond(factor);
        double burst = Math.max(1.0, Math.floor(perSecond));
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, clock));
        if (bucket.perSecond() != perSecond) {
            bucket.setRate(perSecond, burst);
        }
        return bucket.tryAcquire();
    }

    /**
     * Returns a permit taken for work that did not happen (up to the burst), so the rate is spent
     * only on what went out. Nothing happens for a key without a bucket (an unlimited rate).
     */
    public void giveBack(String key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.giveBack();
        }
    }

    /** When {@code key} will have a permit, without taking it; empty when it has no bucket (none taken yet, or unlimited). */
    public java.util.Optional<java.time.Instant> availableAt(String key) {
        TokenBucket bucket = buckets.get(key);
        return bucket == null ? java.util.Optional.empty() : java.util.Optional.of(bucket.availableAt());
    }

    /** Forgets idle keys, e.g. destinations no longer used (the next use starts with a full burst). */
    public void forget(String key) {
        buckets.remove(key);
    }
}
