package io.caravan.metrics;

import io.caravan.egress.EgressObserver;
import io.caravan.ingress.session.IngressObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * The node's meters, one Micrometer registry rendered as Prometheus text at {@code /metrics}: Caravan's own
 * (named {@code caravan.*}, which the registry writes as {@code caravan_*} with {@code _total} on counters),
 * the JVM's (Micrometer's binders) and the embedded broker's (Artemis registers its own into it). The
 * meters are made once per label set; what the stages call per message only increments them.
 */
public final class Metrics implements AutoCloseable {

    /**
     * Caravan's meter names start with it (Prometheus: {@code caravan_}). Names are built on it so that no
     * meter name reads like a configuration key ({@code caravan.*} literals are io.caravan.config.Key's).
     */
    static final String PREFIX = "caravan.";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Binds the JVM's meters. Called once the embedded broker has started: Artemis adds a meter filter to
     * the registry, and Micrometer wants every filter before the first meter.
     */
    public void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Meters for the SMTP listeners. */
    public IngressObserver.Factory ingress() {
        return new IngressMeters(this);
    }

    /** Meters for egress, with its label values folded by {@code labels}. */
    public EgressObserver egress(Labels labels) {
        return new EgressMeters(registry, labels);
    }

    /** A gauge read at each scrape. */
    public void gauge(String name, String description, Tags tags, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /**
     * The registry in the text format the scraper asked for: OpenMetrics when its Accept header names it,
     * Prometheus' own text format otherwise.
     */
    public Scrape scrape(String accept) {
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? Scrape.OPENMETRICS : Scrape.PROMETHEUS;
        return new Scrape(type, registry.scrape(type));
    }

    /** One scrape: its content type and text. */
    public record Scrape(String contentType, String text) {
        static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
