package io.caravan.egress.pools;

import io.caravan.reputation.ReputationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the egress source for a delivery to a provider now.
 *
 * <p>Policy: a weighted choice among the primary pool's sources that are not
 * suspended for the provider, each weight scaled by the source's current rate
 * factor, so a source recovering from a complaint gets a growing share rather
 * than all or nothing. When the whole primary pool is suspended, the region's
 * fallback pools are tried in order, each only within its spill-over budget.
 * When nothing is usable the answer is to wait, never to bounce: the mail is
 * fine, our sources are not. The wait ends at the first moment something may
 * change (a suspension ends, budget refills), capped so that a long block does
 * not park mail beyond {@code maxWait} (an operator may lift it).
 *
 * <p>Stateless apart from the spill budget it is given; the random roll is a
 * parameter so choices are reproducible in tests.
 */
public final class PoolChooser {

    /** What to do now. */
    public sealed interface Choice {
    }

    /** Send through {@code source} of {@code pool}; {@code shifted} when it is a fallback pool. */
    public record Use(SourceView source, String pool, boolean shifted) implements Choice {
    }

    /** Nothing usable: keep the mail and try again at {@code until}. */
    public record Wait(Instant until) implements Choice {
    }

    private final Duration maxWait;

    /** @param maxWait longest wait before the choice is asked again (default 15m) */
    public PoolChooser(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public static PoolChooser defaults() {
        return new PoolChooser(Duration.ofMinutes(15));
    }

    /**
     * @param roll a uniform random number in [0, 1) for the weighted choice
     */
    public Choice choose(PoolView primary, List<PoolView> fallbacks, String provider, ReputationState state,
                         SpillBudget budget, Instant now, double roll) {
        Instant wake = now.plus(maxWait);
        Optional<SourceView> own = pick(primary, provider, state, now, roll);
        if (own.isPresent()) return new Use(own.get(), primary.name(), false);
        wake = earliest(wake, soonestResume(primary, provider, state, now));
        for (PoolView pool : fallbacks) {
            Optional<SourceView> s = pick(pool, provider, state, now, roll);
            if (s.isEmpty()) {
                wake = earliest(wake, soonestResume(pool, provider, state, now));
            } else if (budget.tryTake(pool, provider)) {
                return new Use(s.get(), pool.name(), true);
            } else {
                wake = earliest(wake, budget.availableAt(pool, provider));
            }
        }
        return new Wait(wake.isAfter(now) ? wake : now.plusSeconds(1));
    }

    private static Optional<SourceView> pick(PoolView pool, String provider, ReputationState state, Instant now,
                                             double roll) {
        List<SourceView> usable = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        for (SourceView s : pool.sources()) {
            double w = s.weight() * state.rateFactor(s.name(), provider, now);
            if (w > 0) {
                usable.add(s);
                weights.add(w);
                total += w;
            }
        }
        if (usable.isEmpty()) return Optional.empty();
        double target = roll * total;
        for (int i = 0; i < usable.size(); i++) {
            target -= weights.get(i);
            if (target < 0) return Optional.of(usable.get(i));
        }
        return Optional.of(usable.get(usable.size() - 1));
    }

    private static Instant soonestResume(PoolView pool, String provider, ReputationState state, Instant now) {
        Instant soonest = null;
        for (SourceView s : pool.sources()) {
            if (s.weight() == 0) continue;
            Instant until = state.suspendedUntil(s.name(), provider, now).orElse(null);
            if (until != null && (soonest == null || until.isBefore(soonest))) soonest = until;
        }
        return soonest;
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
