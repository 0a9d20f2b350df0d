package io.caravan.app;

import io.caravan.egress.EgressRoutes;
import io.caravan.events.EventRoutes;
import io.caravan.ingress.component.IngressPolicyHook;
import io.caravan.routing.RoutingRoutes;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.direct.DirectEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks Caravan publishes for operator routes (docs/ROUTES.md), and the start log that says which
 * ones a route is on and what that changes elsewhere, so a hook never changes another feature silently.
 */
final class OperatorHooks {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorHooks.class);

    static final List<String> ALL = List.of(IngressPolicyHook.ENDPOINT, RoutingRoutes.ACCEPTED_HOOK, RoutingRoutes.HOOK,
            EgressRoutes.BEFORE_DELIVERY, EventRoutes.ON_DEFERRAL, EventRoutes.ON_BOUNCE);

    private OperatorHooks() {
    }

    static void report(CamelContext camel, boolean routingAtAcceptance) {
        for (String hook : ALL) {
            if (!hooked(camel, hook)) {
                continue;
            }
            String effect = "";
            if (routingAtAcceptance && (hook.equals(RoutingRoutes.HOOK) || hook.equals(RoutingRoutes.ACCEPTED_HOOK))) {
                effect = "; accepted mail is routed by the routing stage, after the 250, not at acceptance";
            } else if (hook.equals(IngressPolicyHook.ENDPOINT)) {
                effect = "; every MAIL FROM and RCPT TO of every listener waits for its answer";
            } else if (hook.equals(EventRoutes.ON_DEFERRAL) || hook.equals(EventRoutes.ON_BOUNCE)) {
                effect = "; delivery events are built for it even with no one on the delivery stream";
            }
            LOG.info("an operator route is on {}{}", hook, effect);
        }
    }

    static boolean hooked(CamelContext camel, String hook) {
        try {
            return camel.getEndpoint(hook + "?block=false", DirectEndpoint.class).getConsumer() != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
