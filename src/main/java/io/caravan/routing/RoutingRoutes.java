package io.caravan.routing;

import io.caravan.broker.StageQueue;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The routing stage: takes each accepted message from the incoming queue and
 * hands it to the delivery queue, in one JMS transaction, so a crash between
 * the two leaves the message on the incoming queue.
 *
 * <p>A message whose envelope cannot be read fails here; the broker retries it
 * and then parks it in the hold queue, where an operator sees it. Nothing is
 * dropped.
 */
public final class RoutingRoutes extends RouteBuilder {

    private final int consumers;

    public RoutingRoutes(int consumers) {
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from(StageQueue.INCOMING.consumerUri(consumers)).routeId("routing")
                .process(exchange -> EnvelopeJson.read(exchange.getIn().getHeader(Headers.ENVELOPE, String.class)))
                .log(LoggingLevel.DEBUG, "routing ${header." + Headers.QUEUE_ID + "}")
                .to(StageQueue.DELIVERY.producerUri());
    }
}
