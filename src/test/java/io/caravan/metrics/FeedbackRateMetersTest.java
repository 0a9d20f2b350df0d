package io.caravan.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.feedback.BounceRateRule;
import io.caravan.feedback.ComplaintRateRule;
import io.caravan.feedback.FeedbackReport;
import io.caravan.feedback.RateRule;
import io.caravan.reputation.ReputationState;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hard bounce counter and the rates the rules judge, as the scraper sees them, with the rules standing in
 * front of the node's feedback meters as they do in a node.
 */
class FeedbackRateMetersTest {

    @Test
    void hardBouncesAndRatesPerSourceAndProvider() {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "pop-1");
        try (Metrics metrics = new Metrics()) {
            ComplaintRateRule complaints = new ComplaintRateRule(new RateRule.Settings(0.003, Duration.ofHours(24), 3,
                    Duration.ofHours(6)), new FeedbackMeters(metrics.registry(),
                    new Labels(Set.of("yahoo"), Set.of("tx"), Set.of("tx-1"))), state, "local", "pop-1", clock);
            BounceRateRule bounces = new BounceRateRule(new RateRule.Settings(0.05, Duration.ofHours(24), 20,
                    Duration.ofHours(6)), complaints, state, "local", "pop-1", clock);
            for (int i = 0; i < 18; i++) {
                complaints.delivery("sent", "yahoo", "tx-1");
                bounces.delivery("sent", "yahoo", "tx-1");
            }
            bounces.hardBounce("yahoo", "tx-1");
            bounces.hardBounce("yahoo", "tx-1");
            bounces.hardBounces("tx-1", "yahoo", "dsn", 1);
            bounces.report(FeedbackReport.Kind.COMPLAINT, "tx-1", "yahoo", true);
            bounces.delivery("sent", "example.net", "tx-1");
            bounces.hardBounce("example.net", "tx-1");

            String text = metrics.scrape(null).text();
            assertTrue(text.contains("caravan_feedback_hard_bounces_total{provider=\"yahoo\",source=\"tx-1\","
                    + "via=\"smtp\"} 2.0"), text);
            assertTrue(text.contains("caravan_feedback_hard_bounces_total{provider=\"yahoo\",source=\"tx-1\","
                    + "via=\"dsn\"} 1.0"), text);
            // 3 hard bounces over 20 attempted; 1 complaint over 18 sent
            assertTrue(text.contains("caravan_feedback_rate{provider=\"yahoo\",rule=\"bounce-rate\",source=\"tx-1\"} 0.15"),
                    text);
            assertTrue(text.contains("caravan_feedback_rate{provider=\"yahoo\",rule=\"complaint-rate\",source=\"tx-1\"} "
                    + (1.0 / 18)), text);
            assertTrue(text.contains("caravan_feedback_reports_total{kind=\"complaint\",matched=\"true\",provider=\"yahoo\","
                    + "source=\"tx-1\"} 1.0"), text);
            assertTrue(text.contains("caravan_feedback_hard_bounces_total{provider=\"other\",source=\"tx-1\","
                    + "via=\"smtp\"} 1.0"), "a destination no provider names folds into other: " + text);
            assertTrue(!text.contains("example.net"), "no series of its own: " + text);
            clock.advance(Duration.ofHours(25));
            text = metrics.scrape(null).text();
            assertTrue(text.contains("caravan_feedback_rate{provider=\"yahoo\",rule=\"bounce-rate\",source=\"tx-1\"} 0.0"),
                    "the window moved on: " + text);
        }
    }
}
