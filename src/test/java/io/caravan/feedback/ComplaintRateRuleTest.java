package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.reputation.ReputationState;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When complaints over messages sent, per source and provider in the window, suspend the source. */
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
        ComplaintRateRule rule = new ComplaintRateRule(new ComplaintRateRule.Settings(0.003, Duration.ofHours(24), 3,
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
}
