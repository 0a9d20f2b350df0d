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
 * A rate of one (egress source, provider) over a sliding window: incidents (complaints, hard bounces) over the
 * messages they are counted against, both kept per source and provider. When an incident brings the rate to the
 * threshold or above (with at least a minimum of incidents, so one incident about a handful of messages does not
 * trip it), the source is suspended for the provider, or throttled, on every node of the region: the event is
 * applied here and published on the region's reputation stream ({@code suspended} or {@code throttled}, the rule's
 * name and figures in it). {@link ComplaintRateRule} and {@link BounceRateRule} are two of these.
 */
public final class RateRule {

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
     * How a throttle of a rate rule climbs back: the reputation state's defaults (a tenth of the rate more every
     * 10 minutes), the same ramp a suspension of the rule is followed by.
     */
    public static final Recovery RECOVERY = Recovery.defaults();

    /**
     * @param threshold      incidents per message counted (0.003 is 0.3 %); 0 turns the rule off
     * @param minIncidents   fewest incidents in the window before the rate is judged
     * @param throttleFactor for {@link Action#THROTTLE}: the share of its normal rate the source keeps (0 to 1)
     */
    public record Settings(double threshold, Duration window, int minIncidents, Duration suspendFor, Action action,
                           double throttleFactor) {

        public Settings {
            if (action == Action.THROTTLE && !(throttleFactor > 0 && throttleFactor < 1)) {
                throw new IllegalArgumentException("the throttle factor must be above 0 and below 1: " + throttleFactor);
            }
        }

        /** The rule that suspends. */
        public Settings(double threshold, Duration window, int minIncidents, Duration suspendFor) {
            this(threshold, window, minIncidents, suspendFor, Action.SUSPEND, 1);
        }
    }

    /**
     * How the rule words its reason: {@code "complaint rate", "complaints", "sent"} gives
     * {@code complaint rate 0.30% (3 complaints, 1000 sent) over PT24H, threshold 0.30%}.
     */
    public record Wording(String rate, String incidents, String base) {
    }

    private final String rule;
    private final Wording wording;
    private final Settings settings;
    private final ReputationState state;
    private final String region;
    private final String node;
    private final Clock clock;
    private final FeedbackProcessor.Observer observer;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile RegionEvents events;

    /** @param observer told of each (source, provider) the rule keeps a window for, so its rate can be shown */
    RateRule(String rule, Wording wording, Settings settings, ReputationState state, String region, String node,
             Clock clock, FeedbackProcessor.Observer observer) {
        this.rule = rule;
        this.wording = wording;
        this.settings = settings;
        this.state = state;
        this.region = region;
        this.node = node;
        this.clock = clock;
        this.observer = observer;
    }

    /** Where the crossings are announced; until set, they apply on this node only. */
    void publishTo(RegionEvents events) {
        this.events = events;
    }

    /** One message the rate is counted against. */
    void counted(String source, String provider) {
        window(source, provider).add(clock.instant(), 1, 0);
    }

    /** Incidents of the source with the provider; the rate judged and, over the threshold, acted on. */
    void incidents(String source, String provider, int n) {
        if (settings.threshold() <= 0 || source.equals("unknown") || n <= 0) {
            return;
        }
        Instant now = clock.instant();
        long[] counts = window(source, provider).add(now, 0, n);
        long base = counts[0];
        long incidents = counts[1];
        if (incidents < settings.minIncidents() || base == 0 || (double) incidents / base < settings.threshold()
                || state.isSuspended(source, provider, now)) {
            return;
        }
        String reason = String.format(Locale.ROOT, "%s %.2f%% (%d %s, %d %s) over %s, threshold %.2f%%",
                wording.rate(), 100.0 * incidents / base, incidents, wording.incidents(), base, wording.base(),
                settings.window(), 100 * settings.threshold());
        // the event is the crossing's record on the region's stream: every node applies it, the figures in its reason
        ReputationEvent e;
        boolean changed;
        if (settings.action() == Action.THROTTLE) {
            ReputationEvent.Throttled t = ReputationEvent.Throttled.of(region, node, source, provider, reason, rule,
                    settings.throttleFactor(), now, RECOVERY, now);
            // taken only while the rate has climbed back above the factor: incidents that follow at once do not
            // push it down further, the rate must recover before the next one counts
            changed = state.apply(t);
            e = t;
        } else {
            ReputationEvent.Suspended x = ReputationEvent.Suspended.of(region, node, source, provider, reason, rule,
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

    /** Incidents over messages in the window now (0 when none were counted). */
    double rate(String source, String provider) {
        Window w = windows.get(key(source, provider));
        if (w == null) {
            return 0;
        }
        long[] counts = w.add(clock.instant(), 0, 0);
        return counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
    }

    private Window window(String source, String provider) {
        Window w = windows.get(key(source, provider));
        if (w != null) {
            return w;
        }
        boolean[] made = {false};
        w = windows.computeIfAbsent(key(source, provider), k -> {
            made[0] = true;
            return new Window(settings.window());
        });
        if (made[0] && !source.equals("unknown")) {
            observer.rate(rule, source, provider, () -> rate(source, provider));
        }
        return w;
    }

    private static String key(String source, String provider) {
        return source + "\u0000" + provider;
    }

    /** Message and incident counts in {@value #BUCKETS} buckets covering the window. */
    private static final class Window {
        private final long width;
        private final long[] bucketOf = new long[BUCKETS];
        private final long[] base = new long[BUCKETS];
        private final long[] incidents = new long[BUCKETS];

        Window(Duration window) {
            this.width = Math.max(1, window.toMillis() / BUCKETS);
        }

        /** Adds, then the totals over the window: {messages, incidents}. */
        synchronized long[] add(Instant now, long s, long c) {
            long b = now.toEpochMilli() / width;
            int i = (int) (b % BUCKETS);
            if (bucketOf[i] != b) {
                bucketOf[i] = b;
                base[i] = 0;
                incidents[i] = 0;
            }
            base[i] += s;
            incidents[i] += c;
            long ts = 0;
            long tc = 0;
            for (int j = 0; j < BUCKETS; j++) {
                if (b - bucketOf[j] < BUCKETS) {
                    ts += base[j];
                    tc += incidents[j];
                }
            }
            return new long[] {ts, tc};
        }
    }
}
