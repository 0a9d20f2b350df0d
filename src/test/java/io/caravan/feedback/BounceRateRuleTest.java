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
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When hard bounces (5xx at SMTP time, failed recipients of DSNs) over recipients attempted, per source and
 * provider in the window, throttle or suspend the source, and what the region is told.
 */
class BounceRateRuleTest {

    private static final String SOURCE = "local-bulk-1";

    @ParameterizedTest(name = "{0} sent, {1} 5xx, {2} in DSNs, {3}h apart -> throttled {4}")
    @CsvSource({
        "80,  20, 0,  0,  true",   // 20 of 100 attempted: 20 %, at the threshold
        "80,  10, 10, 0,  true",   // the same, half of it from DSNs about mail sent before
        "100, 0,  19, 0,  false",  // 19 %
        "4,   1,  0,  0,  false",  // 20 %, under the minimum count
        "80,  0,  20, 25, false",  // the messages sent left the window before the DSNs came
        "0,   2,  0,  0,  true",   // nothing but 5xx replies
    })
    void throttlesAtTheThreshold(int sent, int smtp, int dsn, int hoursBetween, boolean throttled) {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        BounceRateRule rule = new BounceRateRule(new RateRule.Settings(0.2, Duration.ofHours(24), 2,
                Duration.ofHours(6), RateRule.Action.THROTTLE, 0.5), FeedbackProcessor.Observer.NONE, state,
                "local", "pop-1", clock);
        for (int i = 0; i < sent; i++) {
            rule.delivery("sent", "yahoo", SOURCE);
        }
        rule.delivery("sent", "gmail", SOURCE);
        rule.delivery("deferred", "yahoo", SOURCE);
        rule.delivery("bounced", "yahoo", SOURCE); // a bounce Caravan decided (a suppression, an expiry): not counted
        clock.advance(Duration.ofHours(hoursBetween));
        for (int i = 0; i < smtp; i++) {
            rule.hardBounce("yahoo", SOURCE);
        }
        if (dsn > 0) {
            rule.hardBounces(SOURCE, "yahoo", "dsn", dsn);
        }
        assertEquals(throttled ? 0.5 : 1.0, state.rateFactor(SOURCE, "yahoo", clock.instant()), 1e-9);
        assertEquals(1.0, state.rateFactor(SOURCE, "gmail", clock.instant()), 1e-9, "only for the provider");
        assertFalse(state.isSuspended(SOURCE, "yahoo", clock.instant()));
    }

    @Test
    void aSuspensionIsPublishedWithTheFiguresAndTheRateAndCountsAreObserved() {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        Observed seen = new Observed();
        BounceRateRule rule = new BounceRateRule(new RateRule.Settings(0.05, Duration.ofHours(24), 3,
                Duration.ofHours(6)), seen, state, "local", "pop-1", clock);
        Published region = new Published();
        rule.publishTo(region);
        for (int i = 0; i < 57; i++) {
            rule.delivery("sent", "yahoo", SOURCE);
        }
        rule.hardBounce("yahoo", SOURCE);
        rule.hardBounce("yahoo", SOURCE);
        rule.hardBounces(SOURCE, "yahoo", "dsn", 1);
        rule.hardBounces("unknown", "yahoo", "dsn", 5); // a DSN not matched to a source: counted, not judged
        assertEquals(1, region.events.size());
        ReputationEvent.Suspended e = (ReputationEvent.Suspended) region.events.get(0);
        assertEquals(List.of(SOURCE, "yahoo", BounceRateRule.RULE, "2026-12-07T06:00:00Z"),
                List.of(e.source(), e.provider(), e.rule(), e.until()));
        assertEquals("hard bounce rate 5.08% (3 hard bounces, 59 attempted) over PT24H, threshold 5.00%", e.reason());
        assertTrue(state.isSuspended(SOURCE, "yahoo", clock.instant()));
        rule.hardBounce("yahoo", SOURCE);
        assertEquals(1, region.events.size(), "a bounce that finds the source suspended publishes nothing");

        assertEquals(List.of(SOURCE + " yahoo smtp 1", SOURCE + " yahoo smtp 1", SOURCE + " yahoo dsn 1",
                "unknown yahoo dsn 5", SOURCE + " yahoo smtp 1"), seen.bounces);
        assertEquals(List.of(BounceRateRule.RULE + " " + SOURCE + " yahoo"), seen.rateNames);
        assertEquals(4.0 / 60, seen.rates.get(0).getAsDouble(), 1e-9, "the rate the metric shows, over the window");
        clock.advance(Duration.ofHours(25));
        assertEquals(0, seen.rates.get(0).getAsDouble(), 1e-9, "the window has moved on");
    }

    @Test
    void offAtZero() {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        Observed seen = new Observed();
        BounceRateRule rule = new BounceRateRule(new RateRule.Settings(0, Duration.ofHours(24), 1,
                Duration.ofHours(6)), seen, state, "local", "pop-1", clock);
        for (int i = 0; i < 5; i++) {
            rule.hardBounce("yahoo", SOURCE);
        }
        assertFalse(state.isSuspended(SOURCE, "yahoo", clock.instant()));
        assertEquals(5, seen.bounces.size(), "still counted for the metrics");
    }

    /** What the rule tells the observer behind it (the node's metrics). */
    private static final class Observed implements FeedbackProcessor.Observer {
        final List<String> bounces = new ArrayList<>();
        final List<String> rateNames = new ArrayList<>();
        final List<DoubleSupplier> rates = new ArrayList<>();

        @Override
        public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        }

        @Override
        public void malformed(String mailbox) {
        }

        @Override
        public void hardBounces(String source, String provider, String via, int recipients) {
            bounces.add(source + " " + provider + " " + via + " " + recipients);
        }

        @Override
        public void rate(String rule, String source, String provider, DoubleSupplier value) {
            rateNames.add(rule + " " + source + " " + provider);
            rates.add(value);
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
}
