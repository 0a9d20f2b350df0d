package io.caravan.egress;

import io.caravan.broker.StageQueue;
import io.caravan.message.Headers;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The egress stage's route. Delivery over SMTP is not built yet, so the route
 * is declared but not started: routed mail stays safely on the delivery queue
 * (visible in the broker) instead of being consumed and lost.
 */
public final class EgressRoutes extends RouteBuilder {

    private final int consumers;

    public EgressRoutes(int consumers) {
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from(StageQueue.DELIVERY.consumerUri(consumers)).routeId("egress").autoStartup(false)
                .log(LoggingLevel.INFO, "egress ${header." + Headers.QUEUE_ID + "}");
    }
}
