package io.caravan.egress.pools;

import io.caravan.reputation.Action;
import io.caravan.reputation.Disposition;
import io.caravan.reputation.Recovery;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.Scope;
import io.caravan.reputation.Verdict;
import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Source choice: weighted among the primary pool's usable sources, then the
 * fallback pools within budget, else wait. Rows: which sources are suspended
 * for gmail, the roll, and the expected choice ("pool/source", or "wait").
 */
class PoolChooserTest {

    private final MutableClock clock = MutableClock.at("2026-11-28T02:00:00Z");
    private final ReputationState state = new ReputationState(clock, "eu", "eu-1");
    private final SpillBudget budget = new SpillBudget(0.5, clock);
    private final PoolChooser chooser = PoolChooser.defaults();

    // bulk: a (weight 1), b (weight 3); fallbacks: trans (t1), spare (s1, s2 weight 1 each)
    private final PoolView bulk = new PoolView("bulk", List.of(new SourceView("a", 1), new SourceView("b", 3)), 10);
    private final PoolView trans = new PoolView("trans", List.of(new SourceView("t1", 1)), 2);
    private final PoolView spare = new PoolView("spare", List.of(new SourceView("s1", 1), new SourceView("s2", 1)), 4);

    private void suspend(String source, Duration d) {
        Verdict v = new Verdict("r", Scope.SOURCE_IP, Set.of(Action.SUSPEND, Action.SHIFT), d, 1.0, null,
                Recovery.defaults(), false, true, 4, Disposition.DEFER, "421");
        state.apply(v, source, "gmail");
    }

    private String describe(PoolChooser.Choice c) {
        if (c instanceof PoolChooser.Use u) return u.pool() + "/" + u.source().name() + (u.shifted() ? " shifted" : "");
        return "wait " + ((PoolChooser.Wait) c).until();
    }

    @ParameterizedTest(name = "suspended [{0}] roll {1} -> {2}")
    @CsvSource({
        "'',           0.0,  bulk/a",
        "'',           0.24, bulk/a",
        "'',           0.25, bulk/b",
        "'',           0.99, bulk/b",
        "a,            0.0,  bulk/b",
        "b,            0.99, bulk/a",
        "a b,          0.0,  trans/t1 shifted",
        "a b t1,       0.0,  spare/s1 shifted",
        "a b t1,       0.6,  spare/s2 shifted",
        "a b t1 s1,    0.0,  spare/s2 shifted",
        "a b t1 s1 s2, 0.0,  wait 2026-11-28T02:40:00Z",
    })
    void choosesAUsableSource(String suspended, double roll, String expected) {
        // Suspensions last 40, 50, 60 ... minutes in the order listed: the wait ends with the first.
        int minutes = 30;
        for (String s : suspended.trim().split(" +")) {
            if (!s.isBlank()) suspend(s, Duration.ofMinutes(minutes += 10));
        }
        PoolChooser.Choice c = new PoolChooser(Duration.ofHours(1)).choose(bulk, List.of(trans, spare), "gmail",
                state, budget, clock.instant(), roll);
        assertEquals(expected, describe(c));
    }

    @Test
    void otherProvidersAreUnaffected() {
        suspend("a", Duration.ofHours(1));
        suspend("b", Duration.ofHours(1));
        PoolChooser.Choice c = chooser.choose(bulk, List.of(trans), "yahoo", state, budget, clock.instant(), 0.0);
        assertEquals("bulk/a", describe(c));
    }

    @Test
    void fallbackTakesOnlyItsShareThenTheNextPoolThenWait() {
        suspend("a", Duration.ofHours(1));
        suspend("b", Duration.ofHours(1));
        // trans: 2/s × 0.5 = 1/s, burst 1; spare: 4/s × 0.5 = 2/s, burst 2.
        List<String> got = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(describe(chooser.choose(bulk, List.of(trans, spare), "gmail", state, budget, clock.instant(), 0.0)));
        }
        assertEquals(List.of("trans/t1 shifted", "spare/s1 shifted", "spare/s1 shifted",
                "wait 2026-11-28T02:00:00.500Z", "wait 2026-11-28T02:00:00.500Z"), got);
        clock.advance(Duration.ofSeconds(1));
        assertEquals("trans/t1 shifted",
                describe(chooser.choose(bulk, List.of(trans, spare), "gmail", state, budget, clock.instant(), 0.0)));
    }

    @Test
    void aLongBlockDoesNotParkMailBeyondMaxWait() {
        suspend("a", Duration.ofDays(7));
        suspend("b", Duration.ofDays(7));
        PoolChooser.Choice c = chooser.choose(bulk, List.of(), "gmail", state, budget, clock.instant(), 0.0);
        assertEquals(new PoolChooser.Wait(Instant.parse("2026-11-28T02:15:00Z")), c);
    }

    @Test
    void aRecoveringSourceGetsAShareByItsRateFactor() {
        // a recovers at 0.25 after a short suspension: weights a 0.25, b 3 -> a wins rolls below 0.25/3.25.
        suspend("a", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0.25, state.rateFactor("a", "gmail", clock.instant()), 1e-9);
        assertEquals("bulk/a", describe(chooser.choose(bulk, List.of(), "gmail", state, budget, clock.instant(), 0.07)));
        assertEquals("bulk/b", describe(chooser.choose(bulk, List.of(), "gmail", state, budget, clock.instant(), 0.08)));
        assertInstanceOf(PoolChooser.Use.class, chooser.choose(bulk, List.of(), "gmail", state, budget, clock.instant(), 0.5));
    }
}
