package io.caravan.feedback;

import io.caravan.events.RegionEvents;
import io.caravan.maillog.MailLog;
import io.caravan.reputation.Recovery;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The complaint rate of each (egress source, provider): complaints read from feedback mailboxes over messages
 * sent, both counted over a sliding window. When a complaint brings the rate to the threshold or above (with
 * at least a minimum of complaints, so one complaint about a handful of messages does not trip it), the
 * source is suspended for the provider on every node of the region, as a reply rule's suspension is: the
 * reputation stream carries it, the console shows it and an operator can lift it. Configured so, it throttles
 * instead: the source's rate to the provider drops to a share of its normal rate and climbs back in steps, on
 * every node of the region alike (a {@code throttled} event).
 */
public final class ComplaintRateRule implements FeedbackProcessor.Observer {

    public static final String RULE = "complaint-rate";
    private static final int BUCKETS = 24;

    /** What the rule does to a source over the threshold for the provider. */
    public enum Action {
        /** Takes the source out for the provider for {@code suspendFor}; its share then ramps back up. */
        SUSPEND,
        /** Cuts the source's rate to the provider to {@code throttleFactor}, ramping back up by {@link #RECOVERY}. */
        THROTTLE;

        /** {@code suspend} or {@code throttle}, as written in the settings. */
        public static Action parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("suspend")) {
                return SUSPEND;
            }
            if (t.equals("throttle")) {
                return THROTTLE;
            }
            throw new IllegalArgumentException("suspend or throttle, not '" + text + "'");
        }
    }

    /**
     * How a throttle of this rule climbs back: the reputation state's defaults (a tenth of the rate more every
     * 10 minutes), the same ramp a suspension of this rule is followed by.
     */
    public static final Recovery RECOVERY = Recovery.defaults();

    /**
     * @param threshold      complaints per message sent (0.003 is 0.3 %); 0 turns the rule off
     * @param throttleFactor for {@link Action#THROTTLE}: the share of its normal rate the source keeps (0 to 1)
     */
    public record Settings(double threshold, Duration window, int minComplaints, Duration suspendFor, Action action,
                           double throttleFactor) {

        public Settings {
            if (action == Action.THROTTLE && !(throttleFactor > 0 && throttleFactor < 1)) {
                throw new IllegalArgumentException("the throttle factor must be above 0 and below 1: " + throttleFactor);
            }
        }

        /** The rule that suspends. */
        public Settings(double threshold, Duration window, int minComplaints, Duration suspendFor) {
            this(threshold, window, minComplaints, suspendFor, Action.SUSPEND, 1);
        }
    }

    private final Settings settings;
    private final FeedbackProcessor.Observer feedback;
    private final ReputationState state;
    private final String region;
    private final String node;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile RegionEvents events;

    /** @param feedback the feedback observer this one stands in front of (the node's metrics) */
    public ComplaintRateRule(Settings settings, FeedbackProcessor.Observer feedback,
                             ReputationState state, String region, String node, Clock clock) {
        this.settings = settings;
        this.feedback = feedback;
        this.state = state;
        this.region = region;
        this.node = node;
        this.clock = clock;
    }

    /** Where suspensions are announced; until set, they apply on this node only. */
    public void publishTo(RegionEvents events) {
        this.events = events;
    }

    /** One recipient's fate in an attempt, as egress tells its observer: a sent one counts as a message. */
    public void delivery(String status, String provider, String source) {
        if (status.equals("sent")) {
            window(source, provider).add(clock.instant(), 1, 0);
        }
    }

    @Override
    public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        feedback.report(kind, source, provider, matched);
        if (kind != FeedbackReport.Kind.COMPLAINT || settings.threshold() <= 0 || source.equals("unknown")) {
            return;
        }
        Instant now = clock.instant();
        Window w = window(source, provider);
        long[] counts = w.add(now, 0, 1);
        long sent = counts[0];
        long complaints = counts[1];
        if (complaints < settings.minComplaints() || sent == 0 || (double) complaints / sent < settings.threshold()
                || state.isSuspended(source, provider, now)) {
            return;
        }
        String reason = String.format(Locale.ROOT, "complaint rate %.2f%% (%d complaints, %d sent) over %s, "
                + "threshold %.2f%%", 100.0 * complaints / sent, complaints, sent, settings.window(),
                100 * settings.threshold());
        // the event is the crossing's record on the region's stream: every node applies it, the figures in its reason
        ReputationEvent e;
        boolean changed;
        if (settings.action() == Action.THROTTLE) {
            ReputationEvent.Throttled t = ReputationEvent.Throttled.of(region, node, source, provider, reason, RULE,
                    settings.throttleFactor(), now, RECOVERY, now);
            // taken only while the rate has climbed back above the factor: complaints that follow at once do not
            // push it down further, the rate must recover before the next one counts
            changed = state.apply(t);
            e = t;
        } else {
            ReputationEvent.Suspended x = ReputationEvent.Suspended.of(region, node, source, provider, reason, RULE,
                    now.plus(settings.suspendFor()), now, false);
            changed = state.apply(x);
            e = x;
        }
        if (changed) {
            MailLog.reputation(e);
            RegionEvents ev = events;
            if (ev != null) {
                ev.publish(e);
            }
        }
    }

    @Override
    public void malformed(String mailbox) {
        feedback.malformed(mailbox);
    }

    private Window window(String source, String provider) {
        return windows.computeIfAbsent(source + "\u0000" + provider, k -> new Window(settings.window()));
    }

    /** Sent and complaint counts in {@value #BUCKETS} buckets covering the window. */
    private static final class Window {
        private final long width;
        private final long[] bucketOf = new long[BUCKETS];
        private final long[] sent = new long[BUCKETS];
        private final long[] complaints = new long[BUCKETS];

        Window(Duration window) {
            this.width = Math.max(1, window.toMillis() / BUCKETS);
        }

        /** Adds, then the totals over the window: {sent, complaints}. */
        synchronized long[] add(Instant now, long s, long c) {
            long b = now.toEpochMilli() / width;
            int i = (int) (b % BUCKETS);
            if (bucketOf[i] != b) {
                bucketOf[i] = b;
                sent[i] = 0;
                complaints[i] = 0;
            }
            sent[i] += s;
            complaints[i] += c;
            long ts = 0;
            long tc = 0;
            for (int j = 0; j < BUCKETS; j++) {
                if (b - bucketOf[j] < BUCKETS) {
                    ts += sent[j];
                    tc += complaints[j];
                }
            }
            return new long[] {ts, tc};
        }
    }
}
