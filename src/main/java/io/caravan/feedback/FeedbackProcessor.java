package io.caravan.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on one report: a complaint suppresses each reported recipient, a hard bounce each failed recipient
 * with a 5.x.x status, in the sender scope the report's {@link FeedbackRef} names (else the domain of the
 * returned original's sender); each report is counted per source and provider and logged on the
 * {@value #LOGGER} logger. A suppression that cannot be stored throws, so the mailbox message is kept and
 * read again at the next poll.
 */
public final class FeedbackProcessor {

    public static final String LOGGER = "feedback";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** Per-report counts for metrics and the complaint-rate rule. */
    public interface Observer {
        void report(FeedbackReport.Kind kind, String source, String provider, boolean matched);

        void malformed(String mailbox);

        /**
         * Recipients a receiver refused for good: {@code via} {@code smtp} (a 5xx reply egress got) or {@code dsn}
         * (failed recipients of a DSN read from a mailbox, with a 5.x.x status).
         */
        default void hardBounces(String source, String provider, String via, int recipients) {
        }

        /** A rate a rule keeps for the (source, provider), {@code rule} naming it; called once per pair. */
        default void rate(String rule, String source, String provider, java.util.function.DoubleSupplier value) {
        }

        Observer NONE = new Observer() {
            @Override
            public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
            }

            @Override
            public void malformed(String mailbox) {
            }
        };
    }

    private final SuppressionList list;
    private final Duration bounceExpiry;
    private final Duration complaintExpiry;
    private final Function<String, String> sourceByIp;
    private final Function<String, String> providerByDomain;
    private final Collection<String> sourceNames;
    private final Observer observer;
    private final Clock clock;

    /**
     * @param bounceExpiry    how long a hard bounce suppresses; zero: until lifted
     * @param complaintExpiry how long a complaint suppresses; zero: until lifted
     * @param sourceByIp      the egress source that has an address, or "unknown"
     * @param providerByDomain the provider mail to a recipient domain leaves for (transport table and MX hosts, as
     *                         routing finds it), for a report whose reference names none
     * @param sourceNames     the region's egress sources, which a VERP return path names one of
     */
    public FeedbackProcessor(SuppressionList list, Duration bounceExpiry, Duration complaintExpiry,
                             Function<String, String> sourceByIp, Function<String, String> providerByDomain,
                             Collection<String> sourceNames, Observer observer, Clock clock) {
        this.sourceNames = List.copyOf(sourceNames);
        this.list = list;
        this.bounceExpiry = bounceExpiry;
        this.complaintExpiry = complaintExpiry;
        this.sourceByIp = sourceByIp;
        this.providerByDomain = providerByDomain;
        this.observer = observer;
        this.clock = clock;
    }

    /** The suppressions made, after they are stored. */
    public List<Suppression> apply(FeedbackReport r, String mailbox) {
        Instant now = clock.instant();
        String scope = r.ref() != null && r.ref().scope() != null ? r.ref().scope()
                : r.originalFrom() != null ? Suppression.domainScope(r.originalFrom()) : null;
        String source = r.sourceIp() == null ? "unknown" : sourceByIp.apply(r.sourceIp());
        if (source.equals("unknown") && r.returnPath() != null) {
            source = r.returnPath().source(sourceNames);
        }
        List<Suppression> made = new ArrayList<>();
        for (FeedbackReport.ReportedRecipient rcpt : r.recipients()) {
            boolean suppress = r.kind() == FeedbackReport.Kind.COMPLAINT || rcpt.hardBounce();
            if (suppress && scope != null) {
                Suppression s = r.kind() == FeedbackReport.Kind.COMPLAINT
                        ? new Suppression(scope, rcpt.address(), Suppression.Reason.COMPLAINT,
                                r.feedbackType() + " report" + by(r) + queue(r), now, until(now, complaintExpiry))
                        : new Suppression(scope, rcpt.address(), Suppression.Reason.BOUNCE,
                                rcpt.status() + (rcpt.diagnostic() == null ? "" : " " + rcpt.diagnostic()) + by(r)
                                        + queue(r), now, until(now, bounceExpiry));
                list.add(s);
                made.add(s);
            }
        }
        String domain = r.recipients().isEmpty() ? null : r.recipients().get(0).address()
                .substring(r.recipients().get(0).address().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        // the provider egress counted the message under: routing sealed it in the reference; else the same
        // lookup (transport table, MX hosts) made now
        String provider = r.ref() != null && r.ref().singleProvider() != null ? r.ref().singleProvider()
                : domain == null ? "unknown" : providerByDomain.apply(domain);
        observer.report(r.kind(), source, provider, r.queueId() != null);
        long hard = r.recipients().stream().filter(FeedbackReport.ReportedRecipient::hardBounce).count();
        if (r.kind() == FeedbackReport.Kind.BOUNCE && hard > 0) {
            observer.hardBounces(source, provider, "dsn", (int) hard);
        }
        LOG.info("mailbox={} kind={}{} queue_id={} class={} pool={} source={} provider={} rcpt={} suppressed={}{}",
                mailbox, r.kind().name().toLowerCase(Locale.ROOT),
                r.feedbackType() == null ? "" : " type=" + r.feedbackType(),
                r.queueId() == null ? "unmatched" : r.queueId(), r.ref() == null ? "-" : r.ref().trafficClass(),
                r.ref() == null ? "-" : r.ref().pool(), source, provider,
                r.recipients().stream().map(x -> x.address() + (x.status() == null ? "" : "/" + x.status())).toList(),
                made.size(), scope == null ? " (no sender scope: nothing suppressed)" : " scope=" + scope);
        return made;
    }

    private static Instant until(Instant now, Duration d) {
        return d.isZero() ? null : now.plus(d);
    }

    private static String by(FeedbackReport r) {
        return r.reporter() == null ? "" : " from " + r.reporter();
    }

    private static String queue(FeedbackReport r) {
        return r.queueId() == null ? "" : " (queue id " + r.queueId() + ")";
    }
}
