package io.caravan.ingress;

import io.caravan.broker.StageQueue;
import io.caravan.ingress.server.SmtpServerSettings;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;

/**
 * The ingress stage: one route per SMTP listener, each committing every
 * accepted message to the incoming queue. The listener answers 250 only when
 * this route completes, that is when the broker has the message in its
 * journal; a failed commit answers 451 and the client keeps the message.
 */
public final class IngressRoutes extends RouteBuilder {

    private final List<SmtpServerSettings> listeners;
    private final int workers;

    /** @param listeners each bound in the registry as {@code smtp-<name>} */
    public IngressRoutes(List<SmtpServerSettings> listeners, int workers) {
        this.listeners = listeners;
        this.workers = workers;
    }

    public static String beanName(SmtpServerSettings listener) {
        return "smtp-" + listener.name();
    }

    @Override
    public void configure() {
        for (SmtpServerSettings listener : listeners) {
            from("smtp-server:" + listener.name() + "?settings=#" + beanName(listener) + "&workers=" + workers)
                    .routeId("ingress-" + listener.name())
                    .to(StageQueue.INCOMING.producerUri());
        }
    }
}
