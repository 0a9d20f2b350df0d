package io.caravan.rate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: tokens flow in at a steady rate up to a burst; taking one
 * either succeeds now or says how long until one is there. It never blocks, so
 * a caller can park the work and come back, instead of holding a thread.
 * The rate can change (reputation scales it) without losing the tokens held.
 *
 * <p>The one rate limit of the code base: egress shaping and its spill-over budget, and ingress's limits per
 * client, all count with it. Tokens are fractional; a shortfall of less than {@link #SLACK} counts as a whole
 * token, so that a rate such as 2 per 10 s grants the next token after exactly 5 s, not one rounding error later.
 */
public final class TokenBucket {

    /** The part of a token that floating-point rounding may lose; far below anything a clock can measure. */
    static final double SLACK = 1e-9;

    private final Clock clock;
    private double perSecond;
    private double burst;
    private double tokens;
    private Instant last;

    public TokenBucket(double perSecond, double burst, Clock clock) {
        if (!(perSecond > 0)) throw new IllegalArgumentException("rate must be positive: " + perSecond);
        if (!(burst >= 1)) throw new IllegalArgumentException("burst must be at least 1: " + burst);
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes one token: {@link Duration#ZERO} when taken, otherwise the wait until one is available. */
    public synchronized Duration tryAcquire() {
        refill();
        if (tokens >= 1 - SLACK) {
            tokens -= 1;
            return Duration.ZERO;
        }
        double seconds = (1 - tokens) / perSecond;
        return Duration.ofNanos(Math.max(1, (long) Math.ceil(seconds * 1e9)));
    }

    /** Puts back one token taken for nothing, never above the burst. */
    public synchronized void giveBack() {
        refill();
        tokens = Math.min(burst, tokens + 1);
    }

    /** The time a token will be there, without taking it. */
    public synchronized Instant availableAt() {
        refill();
        if (tokens >= 1 - SLACK) return last;
        return last.plusNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
    }

    /** Changes the rate and burst; tokens already earned are kept, up to the new burst. */
    public synchronized void setRate(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1)) throw new IllegalArgumentException("bad rate/burst");
        refill();
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = Math.min(tokens, burst);
    }

    public synchronized double perSecond() {
        return perSecond;
    }

    /** True when the bucket holds its whole burst: it then says nothing a new bucket would not. */
    public synchronized boolean isFull() {
        refill();
        return tokens >= burst - SLACK;
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + elapsed * perSecond);
            last = now;
        }
    }
}
