package io.caravan.events;

import io.caravan.message.Json;
import io.caravan.maillog.MailLog;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.RouteDefinition;

import java.util.List;
import java.util.function.Predicate;

/**
 * The region's two event streams.
 *
 * <p>Reputation: a node publishes every suspension, throttle and resumption
 * it decides ({@link #publish}) through {@value #PUBLISH}, an in-memory buffer like the delivery
 * events'; every node of the region, itself included, applies every event it
 * hears to its state, so a throttle seen at one point of presence protects
 * them all. Applying is idempotent.
 *
 * <p>Delivery: what became of each recipient ({@link DeliveryEvent}), recorded
 * ({@link #record}) through {@link #RECORD}, an in-memory buffer published from its own
 * thread, so a slow or absent stream never holds up mail; when the buffer is full, events are
 * dropped and counted ({@link EventBufferMBean}; the {@code caravan.delivery} log line stays the
 * record of each attempt). Stages record only when {@link #deliveriesHeard()}.
 *
 * <p>With {@code caravan.kafka.bootstrap} set, the streams are Kafka topics
 * per region; the reputation topic is compacted ({@link ReputationTopic}) and read from its beginning at every
 * start, so a restarted node learns the suspensions still in force. Without Kafka
 * they are topics on the node's own broker: one node, alone.
 */
public final class EventRoutes extends RouteBuilder implements RegionEvents {

    /**
     * Takes a {@link ReputationEvent}, published to the region's stream from a thread of its own: the stage
     * that decided it has applied it already, and must neither wait for a slow stream nor fail, and so repeat
     * a delivery, because the stream is unreachable. A full buffer refuses new events ({@link EventBuffer}
     * drops and counts them).
     */
    public static final String PUBLISH = "seda:caravan-reputation-events?size=10000";
    /** Takes a {@code List<DeliveryEvent>}. */
    public static final String RECORD = "seda:caravan-delivery-events?size=10000";
    /** The operator's hook on each deferred recipient: the delivery event's JSON, after the attempt was stored. */
    public static final String ON_DEFERRAL = "direct:caravan-on-deferral";
    /** The operator's hook on each recipient that failed for good (its DSN is on its way): the event's JSON. */
    public static final String ON_BOUNCE = "direct:caravan-on-bounce";
    private static final String HOOKS = "direct:caravan-event-hooks";
    /** The event's type ({@code deferred}, {@code failed}, ...) on the exchange a hook gets. */
    public static final String EVENT_TYPE = "CaravanEventType";

    private final String region;
    private final String node;
    private final String kafkaBootstrap;
    private final boolean kafka;
    /** Its name, asked about once per delivery attempt. */
    private final String deliveryTopic;
    private final ReputationState state;
    private final Predicate<String> mayHaveListeners;
    private final EventBuffer reputationBuffer;
    private final EventBuffer deliveryBuffer;
    private volatile DirectEndpoint onDeferral;
    private volatile DirectEndpoint onBounce;

    /**
     * @param mayHaveListeners whether a broker topic has anyone who could receive a message sent now
     *                         ({@link io.caravan.broker.BrokerConnection#mayHaveListeners})
     */
    public EventRoutes(String region, String node, String kafkaBootstrap, ReputationState state,
                       Predicate<String> mayHaveListeners) {
        this.region = region;
        this.node = node;
        this.kafkaBootstrap = kafkaBootstrap;
        this.kafka = !kafkaBootstrap.isEmpty();
        this.deliveryTopic = deliveryTopic(region);
        this.state = state;
        this.mayHaveListeners = mayHaveListeners;
        this.reputationBuffer = new EventBuffer(PUBLISH, "reputation event (applied on this node)", node, "reputation");
        this.deliveryBuffer = new EventBuffer(RECORD, "delivery event (the caravan.delivery log line has it)", node,
                "delivery");
    }

    /** The topic name for a region's reputation events. */
    public static String topic(String region) {
        return "caravan." + region + ".reputation";
    }

    /** The topic name for a region's delivery events. */
    public static String deliveryTopic(String region) {
        return "caravan." + region + ".delivery";
    }

    /**
     * Whether a delivery event sent now can reach anyone. A Kafka topic keeps every event for later
     * readers. A broker topic only passes events to the subscribers it has at that moment, and building
     * and sending the events of an attempt costs about as much CPU as the rest of its bookkeeping
     * (docs/PERFORMANCE.md): with nobody subscribed, the stages skip both.
     */
    @Override
    public boolean deliveriesHeard() {
        return kafka || mayHaveListeners.test(deliveryTopic) || hooked(onDeferral) || hooked(onBounce);
    }

    private static boolean hooked(DirectEndpoint hook) {
        try {
            return hook != null && hook.getConsumer() != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void record(List<DeliveryEvent> events) {
        deliveryBuffer.offer(events, events.size());
    }

    @Override
    public void publish(ReputationEvent event) {
        reputationBuffer.offer(event, 1);
    }

    @Override
    public void configure() {
        reputationBuffer.attach(getContext());
        deliveryBuffer.attach(getContext());
        RegionStream reputation = new RegionStream(topic(region), kafkaBootstrap);
        if (kafka) {
            CompactedTopic.ensure(kafkaBootstrap, reputation.topic(), "reputation");
        }
        String out = reputation.writer("");
        // every start reads the whole stream again
        String in = reputation.reader(node, "earliest");

        fromBuffer(reputationBuffer, "events-publish")
                .process(this::toJson)
                .to(out);

        String deliveries = new RegionStream(deliveryTopic, kafkaBootstrap).writer("deliveryPersistent=false");
        onDeferral = getContext().getEndpoint(ON_DEFERRAL + "?block=false", DirectEndpoint.class);
        onBounce = getContext().getEndpoint(ON_BOUNCE + "?block=false", DirectEndpoint.class);
        fromBuffer(deliveryBuffer, "events-delivery")
                .split(body())
                    .process(this::deliveryJson)
                    .to(deliveries)
                    // the hooks run after the attempt was stored, on this thread: a slow or failing hook delays
                    // or loses only events, never mail
                    .doTry()
                        .to(HOOKS)
                    .doCatch(Exception.class)
                        .log(LoggingLevel.WARN, "delivery event hook failed: ${exception.message}: ${body}")
                    .end();
        from(HOOKS).routeId("events-hooks")
                .choice()
                    .when(header(EVENT_TYPE).isEqualTo(DeliveryEvent.DEFERRED))
                        .to(ON_DEFERRAL + "?block=false&failIfNoConsumers=false")
                    .when(header(EVENT_TYPE).isEqualTo(DeliveryEvent.FAILED))
                        .to(ON_BOUNCE + "?block=false&failIfNoConsumers=false")
                .end();

        from(in).routeId("events-apply")
                .process(exchange -> {
                    ReputationEvent event = Json.read(exchange.getIn().getBody(String.class), ReputationEvent.class);
                    if (state.apply(event)) {
                        MailLog.reputation(event); // another node's; our own echo changes nothing here
                    }
                });
    }

    /**
     * A buffer's route to the stream. A send the stream refuses costs that event only: one WARN line, and
     * the buffer goes on with the next.
     */
    private RouteDefinition fromBuffer(EventBuffer buffer, String routeId) {
        RouteDefinition route = from(buffer.uri()).routeId(routeId);
        route.onException(Exception.class).handled(true)
                .log(LoggingLevel.WARN, buffer.what() + " not shared with the region: ${exception.message}: ${body}");
        return route;
    }

    private void deliveryJson(Exchange exchange) {
        DeliveryEvent event = exchange.getIn().getBody(DeliveryEvent.class);
        exchange.getIn().setHeader(KafkaConstants.KEY, event.queueId());
        exchange.getIn().setHeader(EVENT_TYPE, event.type());
        exchange.getIn().setHeader(io.caravan.message.Headers.QUEUE_ID, event.queueId());
        exchange.getIn().setBody(Json.write(event));
    }

    private void toJson(Exchange exchange) {
        ReputationEvent event = exchange.getIn().getBody(ReputationEvent.class);
        exchange.getIn().setHeader(KafkaConstants.KEY, ReputationTopic.key(event));
        exchange.getIn().setBody(Json.write(event));
    }
}
