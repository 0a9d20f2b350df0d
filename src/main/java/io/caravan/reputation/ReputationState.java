package io.caravan.reputation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Suspensions and rate factors per (source, provider): the memory of what
 * providers told us.
 *
 * <p>A suspension takes the source out for that provider until a time; a
 * block is a long suspension that an operator may lift earlier. After a
 * suspension the allowed rate restarts low and grows additively back to the
 * full rate; each new complaint multiplies it down (AIMD), so a source that
 * keeps getting rate-limited sends less and less instead of oscillating.
 * Suspensions are shared with the other nodes of the region as events;
 * applying an event is idempotent (a suspension only ever gets longer, a
 * resume only lifts suspensions it has seen, a throttle is taken only when it
 * leaves the rate lower than it is).
 *
 * <p>Thread-safe; each pair is updated atomically.
 */
public final class ReputationState {

    private record Key(String source, String provider) {
    }

    private final Clock clock;
    private final String region;
    private final String node;
    private final Map<Key, PairState> pairs = new ConcurrentHashMap<>();

    /**
     * Replies of one rule to one source × provider within this window count once: the sessions in flight
     * when a receiver starts refusing all get its reply together, and counting each would suspend the
     * source several times and push its recovery to the floor.
     */
    static final java.time.Duration SAME_REPLY_WINDOW = java.time.Duration.ofSeconds(10);

    public ReputationState(Clock clock, String region, String node) {
        this.clock = clock;
        this.region = region;
        this.node = node;
    }

    /**
     * Applies a verdict for the pair that got the reply. Returns the events to
     * share with the region: a suspension set or extended, a throttle. Dry
     * runs, verdicts without source actions and untriggered rules change nothing.
     */
    public List<ReputationEvent> apply(Verdict v, String source, String provider) {
        if (!v.actsOnSource()) return List.of();
        Instant now = clock.instant();
        boolean suspend = v.applies(Action.SUSPEND) || v.applies(Action.BLOCK);
        List<ReputationEvent> out = new ArrayList<>(1);
        update(new Key(source, provider), true, s -> {
            if (s.repeats(v.rule(), now, SAME_REPLY_WINDOW)) {
                return; // the sessions in flight that got the same reply at once are one complaint, not several
            }
            if (suspend && v.duration() != null) {
                Instant until = now.plus(v.duration());
                if (s.until == null || !s.suspended(now) || until.isAfter(s.until)) {
                    s.rampAfter(now, v.recovery(), until);
                    s.until = until;
                    s.since = now;
                    s.reason = v.reason();
                    s.rule = v.rule();
                    s.blocked = v.applies(Action.BLOCK) || (s.blocked && s.suspended(now));
                    s.shiftTo = v.applies(Action.SHIFT) ? v.pool() : null;
                    out.add(ReputationEvent.Suspended.of(region, node, source, provider, v.reason(), v.rule(),
                            until, now, s.blocked, v.recovery(), s.shiftTo, v.layer()));
                }
            }
            if (v.applies(Action.THROTTLE)) {
                Instant from = s.suspended(now) ? s.until : now;
                s.throttle(now, v.recovery(), v.factor(), from);
                out.add(ReputationEvent.Throttled.of(region, node, source, provider, v.reason(), v.rule(), s.base,
                        s.rampFrom, s.recovery, now, v.layer()));
            }
        });
        return out;
    }

    /** Applies a suspension announced by another node (or our own, echoed back); true when it changed anything. */
    public boolean apply(ReputationEvent.Suspended e) {
        Instant until = e.untilInstant();
        Instant at = e.atInstant();
        boolean[] changed = {false};
        update(new Key(e.source(), e.provider()), true, s -> {
            boolean longer = s.until == null || until.isAfter(s.until);
            if (longer) {
                Recovery r = e.recovery() != null ? e.recovery() : s.recovery != null ? s.recovery : Recovery.defaults();
                s.rampAfter(at, r, until);
                s.until = until;
                s.since = at;
                s.reason = e.reason();
                s.rule = e.rule();
                s.blocked = e.blocked();
                s.shiftTo = e.shiftTo();
                changed[0] = true;
            } else if (e.blocked() && !s.blocked && until.equals(s.until)) {
                s.blocked = true;
                changed[0] = true;
            }
        });
        return changed[0];
    }

    /** Applies a resume announced by another node; it lifts only suspensions that began no later than it. */
    public boolean apply(ReputationEvent.Resumed e) {
        Instant at = e.atInstant();
        boolean[] changed = {false};
        update(new Key(e.source(), e.provider()), false, s -> {
            if (s.until != null && s.since != null && !s.since.isAfter(at)) {
                lift(s, at);
                changed[0] = true;
            }
        });
        return changed[0];
    }

    /**
     * Applies a throttle announced by another node (or our own, echoed back): taken only when its
     * curve is below ours now, so applying it twice, or an older throttle after a newer one,
     * changes nothing.
     */
    public boolean apply(ReputationEvent.Throttled e) {
        Instant now = clock.instant();
        boolean[] changed = {false};
        update(new Key(e.source(), e.provider()), true, s -> {
            Instant from = e.fromInstant();
            double theirs = now.isBefore(from) ? e.factor() : e.recovery().ramp(e.factor(), Duration.between(from, now));
            if (theirs < s.curve(now) - 1e-9) {
                s.base = e.factor();
                s.rampFrom = from;
                s.recovery = e.recovery();
                changed[0] = true;
            }
        });
        return changed[0];
    }

    /** Any event from the region's topic. */
    public boolean apply(ReputationEvent e) {
        if (e instanceof ReputationEvent.Suspended s) return apply(s);
        if (e instanceof ReputationEvent.Throttled t) return apply(t);
        return apply((ReputationEvent.Resumed) e);
    }

    /** The rule name a suspension an operator asked for carries (mail log, console, events). */
    public static final String OPERATOR_RULE = "operator";

    /**
     * An operator takes a source out for a provider until {@code now + duration}; a suspension in force that
     * lasts longer is kept. Returns the event to share, empty when nothing changed.
     */
    public Optional<ReputationEvent.Suspended> suspend(String source, String provider, Duration duration,
                                                       String why) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a suspension needs a duration above zero");
        }
        Instant now = clock.instant();
        ReputationEvent.Suspended e = ReputationEvent.Suspended.of(region, node, source, provider, why,
                OPERATOR_RULE, now.plus(duration), now, false);
        return apply(e) ? Optional.of(e) : Optional.empty();
    }

    /**
     * An operator lifts a suspension or block; the rate ramps up from the
     * recovery's start rather than jumping to full. Returns the event to share.
     */
    public Optional<ReputationEvent.Resumed> resume(String source, String provider, String why) {
        Instant now = clock.instant();
        ReputationEvent.Resumed[] out = new ReputationEvent.Resumed[1];
        update(new Key(source, provider), false, s -> {
            if (s.suspended(now)) {
                out[0] = ReputationEvent.Resumed.of(region, node, source, provider, why, s.rule, now);
                lift(s, now);
            }
        });
        return Optional.ofNullable(out[0]);
    }

    public boolean isSuspended(String source, String provider, Instant now) {
        PairState s = pairs.get(new Key(source, provider));
        if (s == null) return false;
        synchronized (s) {
            return s.suspended(now);
        }
    }

    public boolean isBlocked(String source, String provider, Instant now) {
        PairState s = pairs.get(new Key(source, provider));
        if (s == null) return false;
        synchronized (s) {
            return s.blocked && s.suspended(now);
        }
    }

    /** When the pair's suspension ends, if it is suspended at {@code now}. */
    public Optional<Instant> suspendedUntil(String source, String provider, Instant now) {
        PairState s = pairs.get(new Key(source, provider));
        if (s == null) return Optional.empty();
        synchronized (s) {
            return s.suspended(now) ? Optional.of(s.until) : Optional.empty();
        }
    }

    /** The pool a shift rule named for the pair's traffic, while the pair is suspended. */
    public Optional<String> shiftTarget(String source, String provider, Instant now) {
        PairState s = pairs.get(new Key(source, provider));
        if (s == null) return Optional.empty();
        synchronized (s) {
            return s.suspended(now) ? Optional.ofNullable(s.shiftTo) : Optional.empty();
        }
    }

    /** The share of its normal rate the pair may send at: 0 while suspended, up to 1.0 when recovered. */
    public double rateFactor(String source, String provider, Instant now) {
        PairState s = pairs.get(new Key(source, provider));
        if (s == null) return 1.0;
        synchronized (s) {
            return s.factor(now);
        }
    }

    /** Active suspensions and blocks, soonest end first, for an operator view. */
    public List<SuspensionView> activeSuspensions(Instant now) {
        List<SuspensionView> out = new ArrayList<>();
        pairs.forEach((k, s) -> {
            synchronized (s) {
                if (s.suspended(now)) {
                    out.add(new SuspensionView(k.source(), k.provider(), s.reason, s.rule, s.since, s.until, s.blocked));
                }
            }
        });
        out.sort(Comparator.comparing(SuspensionView::until).thenComparing(SuspensionView::source));
        return out;
    }

    /** The (source, provider) pairs sending at a reduced rate now: throttled, or ramping back after a suspension. */
    public int throttledCount(Instant now) {
        int[] n = {0};
        pairs.forEach((k, s) -> {
            synchronized (s) {
                if (!s.suspended(now) && s.factor(now) < 1.0) {
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    /** Drops pairs that are neither suspended nor recovering, so the table does not grow without bound. */
    public void prune(Instant now) {
        for (Key k : List.copyOf(pairs.keySet())) {
            PairState s = pairs.get(k);
            if (s == null) continue;
            synchronized (s) {
                if (!s.suspended(now) && s.curve(now) >= 1.0) {
                    pairs.remove(k, s);
                }
            }
        }
    }

    /** Runs a change on the pair under its lock; retries when a concurrent prune removed the pair meanwhile. */
    private void update(Key key, boolean create, java.util.function.Consumer<PairState> change) {
        while (true) {
            PairState s = create ? pairs.computeIfAbsent(key, k -> new PairState()) : pairs.get(key);
            if (s == null) return;
            synchronized (s) {
                if (pairs.get(key) == s) {
                    change.accept(s);
                    return;
                }
            }
        }
    }

    /** Lifting a suspension early starts its planned ramp now; it is not a new complaint. */
    private static void lift(PairState s, Instant at) {
        s.clearSuspension();
        if (s.rampFrom.isAfter(at)) {
            s.rampFrom = at;
        }
    }
}
