package io.caravan.ingress;

import io.caravan.ingress.server.SmtpServerSettings;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;

/**
 * The ingress stage: one route per SMTP listener, each storing every accepted
 * message through {@code store}: the incoming queue, or routing's acceptance
 * endpoint, which puts it on the incoming or the delivery queue. The listener
 * answers 250 only when this route completes, that is when the broker has the
 * message in its journal; a failed commit answers 451 and the client keeps
 * the message.
 */
public final class IngressRoutes extends RouteBuilder {

    private final List<SmtpServerSettings> listeners;
    private final int workers;
    private final String store;

    /**
     * @param listeners each bound in the registry as {@code smtp-<name>}
     * @param store     the endpoint that stores an accepted message, completing when it is on disk
     */
    public IngressRoutes(List<SmtpServerSettings> listeners, int workers, String store) {
        this.listeners = listeners;
        this.workers = workers;
        this.store = store;
    }

    public static String beanName(SmtpServerSettings listener) {
        return "smtp-" + listener.name();
    }

    @Override
    public void configure() {
        for (SmtpServerSettings listener : listeners) {
            from("smtp-server:" + listener.name() + "?settings=#" + beanName(listener) + "&workers=" + workers)
                    .routeId("ingress-" + listener.name())
                    .to(store);
        }
    }
}
