package io.caravan.ingress.guard;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether one more event (a connection, a message) from a client is allowed under "at most N per
 * window". It is a token bucket per client: a client may spend its whole allowance at once and then earns it
 * back evenly over the window, so a steady sender is never cut off at a window boundary the way fixed
 * counters (Postfix anvil) do. A limit of 0 or less means unlimited.
 *
 * <p>Memory stays bounded by the clients seen within one window: a bucket that has refilled completely says
 * nothing a missing bucket does not, so such buckets are dropped, at most once per window.
 */
public final class RateLimiter {

    /** Credit in exact integer units: one permit is worth {@code windowMillis} units. */
    private record Bucket(long credit, long updatedMillis) {
    }

    private final int permits;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastPurgeMillis;

    public RateLimiter(int permits, Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate window must be positive: " + window);
        }
        this.permits = permits;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.lastPurgeMillis = new AtomicLong(clock.millis());
    }

    /** Takes one permit for the key; false when the key has used up its allowance. */
    public boolean tryAcquire(Object key) {
        if (permits <= 0) {
            return true;
        }
        long now = clock.millis();
        purgeIfDue(now);
        boolean[] granted = new boolean[1];
        buckets.compute(key, (k, bucket) -> {
            long credit = bucket == null ? capacity() : refilled(bucket, now);
            if (credit >= windowMillis) {
                granted[0] = true;
                credit -= windowMillis;
            }
            return new Bucket(credit, now);
        });
        return granted[0];
    }

    /** Number of clients currently tracked (for metrics and for the memory-bound test). */
    public int trackedClients() {
        return buckets.size();
    }

    private long capacity() {
        return (long) permits * windowMillis;
    }

    /** Each elapsed millisecond earns {@code permits} units, so a whole window earns every permit back. */
    private long refilled(Bucket bucket, long now) {
        long elapsed = Math.max(0, now - bucket.updatedMillis());
        long earned = elapsed >= windowMillis ? capacity() : elapsed * permits;
        return Math.min(capacity(), bucket.credit() + earned);
    }

    private void purgeIfDue(long now) {
        long last = lastPurgeMillis.get();
        if (now - last < windowMillis || !lastPurgeMillis.compareAndSet(last, now)) {
            return;
        }
        buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= capacity());
    }
}
