package io.caravan.feedback;

import io.caravan.events.RegionEvents;
import io.caravan.reputation.ReputationState;
import java.time.Clock;

/**
 * The complaint rate of each (egress source, provider): complaints read from feedback mailboxes over messages
 * sent, both counted over a sliding window ({@link RateRule}). When a complaint brings the rate to the threshold
 * or above (with at least a minimum of complaints), the source is suspended for the provider on every node of the
 * region, as a reply rule's suspension is: the reputation stream carries it, the console shows it and an operator
 * can lift it. Configured so, it throttles instead: the source's rate to the provider drops to a share of its
 * normal rate and climbs back in steps, on every node of the region alike (a {@code throttled} event).
 */
public final class ComplaintRateRule implements FeedbackProcessor.Observer {

    public static final String RULE = "complaint-rate";

    private final FeedbackProcessor.Observer feedback;
    private final RateRule rate;

    /** @param feedback the feedback observer this one stands in front of (the node's metrics) */
    public ComplaintRateRule(RateRule.Settings settings, FeedbackProcessor.Observer feedback,
                             ReputationState state, String region, String node, Clock clock) {
        this.feedback = feedback;
        this.rate = new RateRule(RULE, new RateRule.Wording("complaint rate", "complaints", "sent"), settings, state,
                region, node, clock, feedback);
    }

    /** Where suspensions are announced; until set, they apply on this node only. */
    public void publishTo(RegionEvents events) {
        rate.publishTo(events);
    }

    /** One recipient's fate in an attempt, as egress tells its observer: a sent one counts as a message. */
    public void delivery(String status, String provider, String source) {
        if (status.equals("sent")) {
            rate.counted(source, provider);
        }
    }

    @Override
    public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        feedback.report(kind, source, provider, matched);
        if (kind == FeedbackReport.Kind.COMPLAINT) {
            rate.incidents(source, provider, 1);
        }
    }

    @Override
    public void hardBounces(String source, String provider, String via, int recipients) {
        feedback.hardBounces(source, provider, via, recipients);
    }

    @Override
    public void rate(String rule, String source, String provider, java.util.function.DoubleSupplier value) {
        feedback.rate(rule, source, provider, value);
    }

    @Override
    public void malformed(String mailbox) {
        feedback.malformed(mailbox);
    }
}
