package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.events.DeliveryEvent;
import io.caravan.events.RegionEvents;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When complaints over messages sent, per source and provider in the window, suspend or throttle the source,
 * and what the region is told.
 */
class ComplaintRateRuleTest {

    @ParameterizedTest(name = "{0} sent, {1} complaints, {2}h apart -> suspended {3}")
    @CsvSource({
        "1000, 3, 0,  true",   // 0.3 %: at the threshold
        "1000, 2, 0,  false",  // under the minimum count
        "2000, 3, 0,  false",  // 0.15 %
        "100,  3, 0,  true",
        "1000, 3, 25, false",  // the messages sent left the window before the complaints came
    })
    void suspendsAtTheThreshold(int sent, int complaints, int hoursBetween, boolean suspended) {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        ComplaintRateRule rule = new ComplaintRateRule(new RateRule.Settings(0.003, Duration.ofHours(24), 3,
                Duration.ofHours(6)), FeedbackProcessor.Observer.NONE, state, "local", "pop-1",
                clock);
        for (int i = 0; i < sent; i++) {
            rule.delivery("sent", "yahoo", "local-bulk-1");
        }
        rule.delivery("sent", "gmail", "local-bulk-1");
        clock.advance(Duration.ofHours(hoursBetween));
        for (int i = 0; i < complaints; i++) {
            rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        }
        assertEquals(suspended, state.isSuspended("local-bulk-1", "yahoo", clock.instant()));
        assertFalse(state.isSuspended("local-bulk-1", "gmail", clock.instant()), "only for the provider complained to");
        if (suspended) {
            assertTrue(state.activeSuspensions(clock.instant()).get(0).rule().equals(ComplaintRateRule.RULE));
            clock.advance(Duration.ofHours(7));
            assertFalse(state.isSuspended("local-bulk-1", "yahoo", clock.instant()), "for suspend-for only");
        }
    }

    /** The region's stream as the rule sees it: what it published, in order. */
    private static final class Published implements RegionEvents {
        final List<ReputationEvent> events = new ArrayList<>();

        @Override
        public boolean deliveriesHeard() {
            return false;
        }

        @Override
        public void record(List<DeliveryEvent> events) {
        }

        @Override
        public void publish(ReputationEvent event) {
            events.add(event);
        }
    }

    @Test
    void aSuspensionIsPublishedWithTheFiguresOnce() {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        ComplaintRateRule rule = new ComplaintRateRule(new RateRule.Settings(0.003, Duration.ofHours(24), 3,
                Duration.ofHours(6)), FeedbackProcessor.Observer.NONE, state, "local", "pop-1", clock);
        Published region = new Published();
        rule.publishTo(region);
        for (int i = 0; i < 1000; i++) {
            rule.delivery("sent", "yahoo", "local-bulk-1");
        }
        for (int i = 0; i < 4; i++) {
            rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        }
        assertEquals(1, region.events.size(), "the fourth complaint finds the source suspended already");
        ReputationEvent.Suspended e = (ReputationEvent.Suspended) region.events.get(0);
        assertEquals(List.of("local-bulk-1", "yahoo", ComplaintRateRule.RULE, "2026-12-07T06:00:00Z"),
                List.of(e.source(), e.provider(), e.rule(), e.until()));
        assertEquals("complaint rate 0.30% (3 complaints, 1000 sent) over PT24H, threshold 0.30%", e.reason());
    }

    @Test
    void aThrottleCutsTheRateToTheFactorAndTakesItAgainOnlyOnceTheRateClimbedBack() {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        ComplaintRateRule rule = new ComplaintRateRule(new RateRule.Settings(0.003, Duration.ofHours(24), 3,
                Duration.ofHours(6), RateRule.Action.THROTTLE, 0.25), FeedbackProcessor.Observer.NONE, state,
                "local", "pop-1", clock);
        Published region = new Published();
        rule.publishTo(region);
        for (int i = 0; i < 1000; i++) {
            rule.delivery("sent", "yahoo", "local-bulk-1");
        }
        rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        assertEquals(1.0, state.rateFactor("local-bulk-1", "yahoo", clock.instant()), 1e-9, "under the minimum");
        rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        assertFalse(state.isSuspended("local-bulk-1", "yahoo", clock.instant()), "throttled, not suspended");
        assertEquals(0.25, state.rateFactor("local-bulk-1", "yahoo", clock.instant()), 1e-9);
        assertEquals(1.0, state.rateFactor("local-bulk-1", "gmail", clock.instant()), 1e-9);
        rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        assertEquals(0.25, state.rateFactor("local-bulk-1", "yahoo", clock.instant()), 1e-9,
                "a complaint right after does not push it lower");
        assertEquals(1, region.events.size());
        ReputationEvent.Throttled t = (ReputationEvent.Throttled) region.events.get(0);
        assertEquals(List.of("local-bulk-1", "yahoo", ComplaintRateRule.RULE, "2026-12-07T00:00:00Z"),
                List.of(t.source(), t.provider(), t.rule(), t.from()));
        assertEquals(0.25, t.factor(), 1e-9);
        assertEquals(RateRule.RECOVERY, t.recovery());
        assertTrue(t.reason().startsWith("complaint rate 0.30% (3 complaints, 1000 sent)"), t.reason());

        clock.advance(Duration.ofMinutes(20));
        assertEquals(0.45, state.rateFactor("local-bulk-1", "yahoo", clock.instant()), 1e-9, "climbing back");
        rule.report(FeedbackReport.Kind.COMPLAINT, "local-bulk-1", "yahoo", true);
        assertEquals(0.25, state.rateFactor("local-bulk-1", "yahoo", clock.instant()), 1e-9, "still over: cut again");
        assertEquals(2, region.events.size());
    }

    @ParameterizedTest(name = "action {0}, factor {1} -> {2}")
    @CsvSource({
        "suspend,  1,    SUSPEND",
        "Throttle, 0.25, THROTTLE",
        "throttle, 0,    error",
        "throttle, 1,    error",
        "slow,     0.5,  error",
    })
    void settingsAreChecked(String action, double factor, String expected) {
        String got;
        try {
            got = new RateRule.Settings(0.003, Duration.ofHours(24), 3, Duration.ofHours(6),
                    RateRule.Action.parse(action), factor).action().name();
        } catch (IllegalArgumentException e) {
            got = "error";
        }
        assertEquals(expected, got);
    }
}
