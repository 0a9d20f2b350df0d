package io.caravan.app;

import io.caravan.ingress.component.SmtpServerConsumer;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SMTP listeners, including those of operator routes, as a stop needs them. They drain before
 * anything else stops, so a node that was told to stop takes no new mail while its deliveries finish: Camel
 * alone would stop routes in its own order, and a listener could accept for seconds after the signal.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final CamelContext camel;
    private final List<SmtpServerConsumer> consumers;

    private Listeners(CamelContext camel, List<SmtpServerConsumer> consumers) {
        this.camel = camel;
        this.consumers = consumers;
    }

    /** The listeners running in {@code camel} now; none when there is no context (yet, or any more). */
    static Listeners of(CamelContext camel) {
        List<SmtpServerConsumer> consumers = new ArrayList<>();
        if (camel != null) {
            for (var route : camel.getRoutes()) {
                if (route.getConsumer() instanceof SmtpServerConsumer consumer) {
                    consumers.add(consumer);
                }
            }
        }
        return new Listeners(camel, consumers);
    }

    /** No new mail from this moment; returns at once ({@code SmtpServer.drain}). */
    Listeners drain() {
        for (SmtpServerConsumer consumer : consumers) {
            if (consumer.server() != null) {
                consumer.server().drain();
            }
        }
        return this;
    }

    /** Takes mail again after an operator's drain ({@code SmtpServer.undrain}). */
    Listeners undrain() {
        for (SmtpServerConsumer consumer : consumers) {
            if (consumer.server() != null) {
                consumer.server().undrain();
            }
        }
        return this;
    }

    /** Stops their routes, each once its sessions have finished (within the shutdown grace). */
    void stop() {
        for (SmtpServerConsumer consumer : consumers) {
            String id = consumer.getRoute().getRouteId();
            try {
                camel.getRouteController().stopRoute(id);
            } catch (Exception e) {
                LOG.warn("SMTP listener route {} did not stop cleanly", id, e);
            }
        }
    }
}
