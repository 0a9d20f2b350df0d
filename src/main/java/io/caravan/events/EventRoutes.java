package io.caravan.events;

import io.caravan.message.Json;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The region's reputation event stream. A node publishes every suspension
 * and resumption it decides on {@value #PUBLISH}; every node of the region,
 * itself included, applies every event it hears to its state, so a throttle
 * seen at one point of presence protects them all. Applying is idempotent.
 *
 * <p>With {@code caravan.kafka.bootstrap} set, the stream is a Kafka topic
 * per region, read from its beginning at every start, so a restarted node
 * learns the suspensions still in force. Without Kafka it is a topic on the
 * node's own broker: one node, alone.
 */
public final class EventRoutes extends RouteBuilder {

    public static final String PUBLISH = "direct:caravan-events";

    private final String region;
    private final String node;
    private final String kafkaBootstrap;
    private final ReputationState state;

    public EventRoutes(String region, String node, String kafkaBootstrap, ReputationState state) {
        this.region = region;
        this.node = node;
        this.kafkaBootstrap = kafkaBootstrap;
        this.state = state;
    }

    /** The topic name for a region's reputation events. */
    public static String topic(String region) {
        return "caravan." + region + ".reputation";
    }

    @Override
    public void configure() {
        String topic = topic(region);
        boolean kafka = !kafkaBootstrap.isEmpty();
        String out = kafka ? "kafka:" + topic + "?brokers=" + kafkaBootstrap : "sjms2:topic:" + topic;
        // a group of its own per start: every start reads the whole stream again
        String in = kafka
                ? "kafka:" + topic + "?brokers=" + kafkaBootstrap + "&groupId=" + node + "-" + System.nanoTime()
                        + "&autoOffsetReset=earliest&autoCommitEnable=false"
                : "sjms2:topic:" + topic;

        from(PUBLISH).routeId("events-publish")
                .process(this::toJson)
                .to(out);

        from(in).routeId("events-apply")
                .process(exchange -> state.apply(
                        Json.read(exchange.getIn().getBody(String.class), ReputationEvent.class)));
    }

    private void toJson(Exchange exchange) {
        ReputationEvent event = exchange.getIn().getBody(ReputationEvent.class);
        exchange.getIn().setHeader(KafkaConstants.KEY, event.source() + "|" + event.provider());
        exchange.getIn().setBody(Json.write(event));
    }
}
