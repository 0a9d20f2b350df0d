package io.caravan.metrics;

import io.caravan.feedback.FeedbackProcessor;
import io.caravan.feedback.FeedbackReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code caravan_feedback_reports_total{kind,source,provider,matched}}: reports read from feedback mailboxes;
 * {@code caravan_feedback_malformed_total{mailbox}}: messages quarantined as unreadable. Source and provider
 * come from the node's egress and provider tables (or {@code unknown}), so the labels stay bounded.
 */
public final class FeedbackMeters implements FeedbackProcessor.Observer {

    static final String REPORTS = Metrics.PREFIX + "feedback.reports";
    static final String MALFORMED = Metrics.PREFIX + "feedback.malformed";

    private final MeterRegistry registry;

    public FeedbackMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void report(FeedbackReport.Kind kind, String source, String provider, boolean matched) {
        Counter.builder(REPORTS).description("Reports read from feedback mailboxes (complaints, bounces, delays)")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).tag("source", source).tag("provider", provider)
                .tag("matched", Boolean.toString(matched)).register(registry).increment();
    }

    @Override
    public void malformed(String mailbox) {
        Counter.builder(MALFORMED).description("Feedback mailbox messages that were no readable report, quarantined")
                .tag("mailbox", mailbox).register(registry).increment();
    }
}
