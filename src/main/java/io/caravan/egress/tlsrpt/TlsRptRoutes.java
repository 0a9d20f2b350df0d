package io.caravan.egress.tlsrpt;

import io.caravan.broker.StageQueue;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for due TLS reports every {@code check} and puts each report mail on the incoming queue, as the bounce
 * stage does its DSNs: routing and egress then carry it like any other message. A report's counts are dropped
 * only once the queue has it, so a failed hand-off is tried again at the next check.
 */
public final class TlsRptRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TlsRptRoutes.class);

    private final TlsRptReporter reporter;
    private final Duration check;

    public TlsRptRoutes(TlsRptReporter reporter, Duration check) {
        this.reporter = reporter;
        this.check = check;
    }

    @Override
    public void configure() {
        from("timer:caravan-tls-rpt?period=" + check.toMillis() + "&delay=" + check.toMillis())
                .routeId("tls-rpt").process(this::send);
    }

    private void send(Exchange exchange) {
        ProducerTemplate producer = exchange.getContext().createProducerTemplate();
        try {
            for (TlsRptReporter.Report report : reporter.due()) {
                Exchange out = producer.send(StageQueue.INCOMING.producerUri(), e -> {
                    e.getIn().setBody(report.message());
                    e.getIn().setHeader(Headers.QUEUE_ID, report.envelope().queueId());
                    e.getIn().setHeader(Headers.ENVELOPE, EnvelopeJson.write(report.envelope()));
                });
                if (out.getException() != null) {
                    LOG.warn("TLS report of {} for {} not queued, trying again later: {}", report.domain(),
                            report.day(), out.getException().toString());
                    return;
                }
                reporter.sent(report);
            }
        } catch (RuntimeException e) {
            LOG.warn("TLS reports not sent, trying again later: {}", e.toString());
        } finally {
            try {
                producer.close();
            } catch (java.io.IOException ignored) {
                // nothing held open
            }
        }
    }
}
