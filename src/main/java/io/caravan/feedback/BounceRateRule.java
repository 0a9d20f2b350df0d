package io.caravan.feedback;

import io.caravan.events.RegionEvents;
import io.caravan.reputation.ReputationState;
import java.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * The hard bounce rate of each (egress source, provider): recipients a receiver refused for good over
 * recipients attempted, over a sliding window ({@link RateRule}). A hard bounce is a 5xx reply egress got at SMTP
 * time that bounced the recipient, or a recipient a DSN read from a feedback mailbox reports as failed with a
 * 5.x.x status; attempted are the recipients sent and those bounced so at SMTP time (a DSN's recipient was
 * counted when it was sent). Over the threshold, the source is throttled (or suspended) for the provider on
 * every node of the region, as {@link ComplaintRateRule} does: many addresses that do not exist are what
 * providers read as a list nobody keeps, and they answer it with the sending address's reputation.
 */
public final class BounceRateRule implements FeedbackProcessor.Observer {

    public static final String RULE = "bounce-rate";

    private final FeedbackProcessor.Observer feedback;
    private final RateRule rate;

    /** @param feedback the feedback observer this one stands in front of (the complaint rule, the node's metrics) */
    public BounceRateRule(RateRule.Settings settings, FeedbackProcessor.Observer feedback, ReputationState state,
                          String region, String node, Clock clock) {
        this.feedback = feedback;
        this.rate = new RateRule(RULE, new RateRule.Wording("hard bounce rate", "hard bounces", "attempted"),
                settings, state, region, node, clock, feedback);
    }

    /** Where the crossings are announced; until set, they apply on this node only. */
    public void publishTo(RegionEvents events) {
        rate.publishTo(events);
    }

    /** One recipient's fate in an attempt, as egress tells its observer: a sent one counts as attempted. */
    public void delivery(String status, String provider, String source) {
        if (status.equals("sent")) {
            rate.counted(source, provider);
        }
    }

    /** A recipient bounced on a receiver's 5xx reply at SMTP time (not on a decision of Caravan's own). */
    public void hardBounce(String provider, String source) {
        feedback.hardBounces(source, provider, "smtp", 1);
        rate.counted(source, provider);
        rate.incidents(source, provider, 1);
    }

    @Override
    public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        feedback.report(kind, source, provider, matched);
    }

    /** A DSN's failed recipients: counted against the messages sent before. */
    @Override
    public void hardBounces(String source, String provider, String via, int recipients) {
        feedback.hardBounces(source, provider, via, recipients);
        rate.incidents(source, provider, recipients);
    }

    @Override
    public void rate(String rule, String source, String provider, DoubleSupplier value) {
        feedback.rate(rule, source, provider, value);
    }

    @Override
    public void malformed(String mailbox) {
        feedback.malformed(mailbox);
    }
}
