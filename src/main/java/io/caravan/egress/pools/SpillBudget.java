package io.caravan.egress.pools;

import io.caravan.rate.TokenBucket;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much shifted traffic a fallback pool takes: at most {@code share} of its
 * own rate, per (pool, provider). Without a budget, one rate-limited pool would
 * pour its whole volume onto a fallback pool and get that one rate-limited too.
 */
public final class SpillBudget {

    private record Key(String pool, String provider) {
    }

    private final double share;
    private final Clock clock;
    private final Map<Key, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** @param share the fallback pool's rate share open to shifted traffic, in (0, 1]; default 0.2 */
    public SpillBudget(double share, Clock clock) {
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        this.share = share;
        this.clock = clock;
    }

    public static SpillBudget defaults(Clock clock) {
        return new SpillBudget(0.2, clock);
    }

    /** Takes one message of budget; false when the pool's share is spent for now. */
    public boolean tryTake(PoolView pool, String provider) {
        return bucket(pool, provider).tryAcquire().isZero();
    }

    /** Puts back the message of budget a shifted choice took and never used (nothing was sent). */
    public void giveBack(String pool, String provider) {
        TokenBucket bucket = buckets.get(new Key(pool, String.valueOf(provider)));
        if (bucket != null) {
            bucket.giveBack();
        }
    }

    /** When the next message of budget is there. */
    public Instant availableAt(PoolView pool, String provider) {
        return bucket(pool, provider).availableAt();
    }

    private TokenBucket bucket(PoolView pool, String provider) {
        double perSecond = pool.perSecond() * share;
        return buckets.computeIfAbsent(new Key(pool.name(), String.valueOf(provider)),
                k -> new TokenBucket(perSecond, Math.max(1.0, Math.floor(perSecond)), clock));
    }
}
