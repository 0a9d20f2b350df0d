package io.caravan.ingress.guard;

import io.caravan.rate.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether one more event (a connection, a message) from a client is allowed under "at most N per
 * window". It is a {@link TokenBucket} per client, holding N and earning N back evenly over the window: a client
 * may spend its whole allowance at once, and a steady sender is never cut off at a window boundary the way fixed
 * counters (Postfix anvil) do. A limit of 0 or less means unlimited.
 *
 * <p>Memory stays bounded by the clients seen within one window: a bucket that has refilled completely says
 * nothing a missing bucket does not, so such buckets are dropped, at most once per window.
 */
public final class ClientRates {

    private final int permits;
    private final double perSecond;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<Object, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastPurgeMillis;

    public ClientRates(int permits, Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate window must be positive: " + window);
        }
        this.permits = permits;
        this.windowMillis = window.toMillis();
        this.perSecond = permits * 1000.0 / windowMillis;
        this.clock = clock;
        this.lastPurgeMillis = new AtomicLong(clock.millis());
    }

    /** Takes one permit for the key; false when the key has used up its allowance. */
    public boolean tryAcquire(Object key) {
        if (permits <= 0) {
            return true;
        }
        purgeIfDue(clock.millis());
        boolean[] granted = new boolean[1];
        // compute: a purge of this key cannot come between finding the bucket and taking from it
        buckets.compute(key, (k, bucket) -> {
            TokenBucket b = bucket == null ? new TokenBucket(perSecond, permits, clock) : bucket;
            granted[0] = b.tryAcquire().isZero();
            return b;
        });
        return granted[0];
    }

    /** Number of clients currently tracked (for metrics and for the memory-bound test). */
    public int trackedClients() {
        return buckets.size();
    }

    private void purgeIfDue(long now) {
        long last = lastPurgeMillis.get();
        if (now - last < windowMillis || !lastPurgeMillis.compareAndSet(last, now)) {
            return;
        }
        for (Object key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> bucket.isFull() ? null : bucket);
        }
    }
}
