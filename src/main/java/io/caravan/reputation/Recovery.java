package io.caravan.reputation;

import java.time.Duration;

/**
 * AIMD recovery of a (source, provider) rate after a provider complained.
 * After a suspension ends the allowed rate starts at {@code start} (a share of
 * the normal rate) and grows by {@code step} every {@code every} back to 1.0:
 * a provider that just rate-limited us must not see the full volume at once.
 * Each new complaint multiplies the current factor by {@code decrease}.
 *
 * @param start    the factor right after a suspension (0 &lt; start ≤ 1)
 * @param step     additive increase per interval
 * @param every    the interval of the additive increase
 * @param decrease multiplicative decrease on each new match (0 &lt; decrease &lt; 1)
 * @param floor    the factor never goes below this, so a source keeps probing
 */
public record Recovery(double start, double step, Duration every, double decrease, double floor) {

    public Recovery {
        if (!(start > 0 && start <= 1)) throw new IllegalArgumentException("start must be in (0, 1]: " + start);
        if (!(step > 0 && step <= 1)) throw new IllegalArgumentException("step must be in (0, 1]: " + step);
        if (every == null || every.isZero() || every.isNegative()) throw new IllegalArgumentException("every must be positive");
        if (!(decrease > 0 && decrease < 1)) throw new IllegalArgumentException("decrease must be in (0, 1): " + decrease);
        if (!(floor > 0 && floor <= start)) throw new IllegalArgumentException("floor must be in (0, start]: " + floor);
    }

    /** Start at a quarter of the rate, add a tenth every 10 minutes, halve on each new match, never below 1 %. */
    public static Recovery defaults() {
        return new Recovery(0.25, 0.1, Duration.ofMinutes(10), 0.5, 0.01);
    }

    /** No ramp: full rate as soon as the suspension ends. */
    public static Recovery none() {
        return new Recovery(1.0, 1.0, Duration.ofSeconds(1), 0.5, 0.01);
    }

    /** The factor {@code elapsed} after a ramp that began at {@code from}. */
    public double ramp(double from, Duration elapsed) {
        if (elapsed.isNegative()) return from;
        long steps = elapsed.toMillis() / every.toMillis();
        return Math.min(1.0, from + step * steps);
    }
}
