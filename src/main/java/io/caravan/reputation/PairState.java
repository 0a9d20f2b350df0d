package io.caravan.reputation;

import java.time.Duration;
import java.time.Instant;

/**
 * The reputation of one (source, provider) pair: an optional suspension and
 * the AIMD rate factor. Not thread-safe on its own; {@link ReputationState}
 * serialises access per pair.
 */
final class PairState {

    Instant until;
    Instant since;
    String reason;
    String rule;
    boolean blocked;
    /** The pool a shift rule named for the pair's traffic while it is suspended, or null (the fallbacks). */
    String shiftTo;

    /** The rate factor at {@code rampFrom}; it grows from there by the recovery steps. */
    double base = 1.0;
    Instant rampFrom = Instant.EPOCH;
    Recovery recovery;

    /** The rule that last acted on the pair, and when. */
    private String lastRule;
    private Instant lastRuleAt;

    /**
     * Whether {@code rule} already acted on the pair within {@code window} before {@code now}; if not,
     * remembers it as the last one.
     */
    boolean repeats(String rule, Instant now, Duration window) {
        boolean repeat = rule != null && rule.equals(lastRule) && lastRuleAt != null
                && now.isBefore(lastRuleAt.plus(window));
        if (!repeat) {
            lastRule = rule;
            lastRuleAt = now;
        }
        return repeat;
    }

    boolean suspended(Instant now) {
        return until != null && now.isBefore(until);
    }

    /** The AIMD curve alone, as if no suspension were active. */
    double curve(Instant now) {
        if (recovery == null || base >= 1.0) return 1.0;
        if (now.isBefore(rampFrom)) return base;
        return recovery.ramp(base, Duration.between(rampFrom, now));
    }

    double factor(Instant now) {
        return suspended(now) ? 0.0 : curve(now);
    }

    /** THROTTLE: the factor is multiplied down now and ramps up again from {@code from}. */
    void throttle(Instant now, Recovery r, double multiplier, Instant from) {
        base = Math.max(r.floor(), curve(now) * multiplier);
        rampFrom = from;
        recovery = r;
    }

    /**
     * After a suspension the rate restarts at the recovery's start; a pair that
     * was still recovering from an earlier complaint restarts lower (its current
     * factor times the decrease). No ramp when the rule said {@code recovery: none}.
     */
    void rampAfter(Instant now, Recovery r, Instant from) {
        if (r.start() >= 1.0) {
            base = 1.0;
            recovery = null;
            return;
        }
        double current = curve(now);
        double next = current < 1.0 ? Math.min(r.start(), current * r.decrease()) : r.start();
        base = Math.max(r.floor(), next);
        rampFrom = from;
        recovery = r;
    }

    void clearSuspension() {
        until = null;
        since = null;
        reason = null;
        rule = null;
        blocked = false;
        shiftTo = null;
    }
}
