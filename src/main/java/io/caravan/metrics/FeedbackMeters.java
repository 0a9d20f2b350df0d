package io.caravan.metrics;

import io.caravan.feedback.FeedbackProcessor;
import io.caravan.feedback.FeedbackReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * {@code caravan_feedback_reports_total{kind,source,provider,matched}}: reports read from feedback mailboxes;
 * {@code caravan_feedback_malformed_total{mailbox}}: messages quarantined as unreadable;
 * {@code caravan_feedback_hard_bounces_total{source,provider,via}}: recipients refused for good, at SMTP time
 * ({@code via="smtp"}) or in a DSN ({@code via="dsn"}); {@code caravan_feedback_rate{rule,source,provider}}: the
 * complaint and hard bounce rates the rules judge, over their windows (0 to 1), for the providers of
 * providers.yaml only (another destination's rate is judged but not shown; its bounces count as "other"). Source and provider
 * come from the node's egress and provider tables (or {@code unknown}), so the labels stay bounded.
 */
public final class FeedbackMeters implements FeedbackProcessor.Observer {

    static final String REPORTS = Metrics.PREFIX + "feedback.reports";
    static final String MALFORMED = Metrics.PREFIX + "feedback.malformed";
    static final String HARD_BOUNCES = Metrics.PREFIX + "feedback.hard.bounces";
    static final String RATE = Metrics.PREFIX + "feedback.rate";

    private final MeterRegistry registry;
    private final Labels labels;

    /** @param labels the providers and sources the hard bounce and rate series may name; others fold to "other" */
    public FeedbackMeters(MeterRegistry registry, Labels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        Counter.builder(REPORTS).description("Reports read from feedback mailboxes (complaints, bounces, delays)")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).tag("source", source).tag("provider", provider)
                .tag("matched", Boolean.toString(matched)).register(registry).increment();
    }

    @Override
    public void hardBounces(String source, String provider, String via, int recipients) {
        Counter.builder(HARD_BOUNCES).description("Recipients refused for good: 5xx at SMTP time, or failed in a DSN")
                .tag("source", source.equals("unknown") ? source : labels.source(source))
                .tag("provider", labels.provider(provider)).tag("via", via).register(registry)
                .increment(recipients);
    }

    @Override
    public void rate(String rule, String source, String provider, DoubleSupplier value) {
        if (!labels.provider(provider).equals(provider) || !labels.source(source).equals(source)) {
            return; // a destination no provider of providers.yaml names: one series each would not stay bounded
        }
        Gauge.builder(RATE, value, DoubleSupplier::getAsDouble).description("Complaints or hard bounces per message over the rule's window")
                .tag("rule", rule).tag("source", source).tag("provider", provider).strongReference(true)
                .register(registry);
    }

    @Override
    public void malformed(String mailbox) {
        Counter.builder(MALFORMED).description("Feedback mailbox messages that were no readable report, quarantined")
                .tag("mailbox", mailbox).register(registry).increment();
    }
}
