package io.caravan.message;

/**
 * Names of the Camel headers (JMS properties on the stage queues) that carry
 * Caravan's state between stages. JMS property names must be Java
 * identifiers, hence the plain camel-case names.
 */
public final class Headers {

    /** The {@link Envelope} as JSON. */
    public static final String ENVELOPE = "CaravanEnvelope";
    /** The queue id, also set on its own so that operators can select on it in the broker. */
    public static final String QUEUE_ID = "CaravanQueueId";
    /** The {@link DeliveryRoute} of one delivery, as JSON. */
    public static final String ROUTE = "CaravanRoute";
    /** Flat copies of the route's class, pool and provider, for broker selectors and operator routes. */
    public static final String TRAFFIC_CLASS = "CaravanClass";
    public static final String POOL = "CaravanPool";
    public static final String PROVIDER = "CaravanProvider";
    /** How many times this message or delivery was deferred so far. */
    public static final String ATTEMPTS = "CaravanAttempts";
    /**
     * The reply of the last failed attempt ("451 4.7.1 text", lines joined by a space), set when egress puts a
     * delivery back on its queue, so that {@code caravan queue list} can say why a message waits.
     */
    public static final String LAST_REPLY = "CaravanLastReply";
    /** Per-recipient outcomes (bounce or delay reports), as JSON. */
    public static final String OUTCOMES = "CaravanOutcomes";
    /** Artemis' scheduled delivery time (epoch millis): the broker holds the message until then. */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    /** The stage message's body size in octets, set by every hand-off; the queue tool shows it. */
    public static final String SIZE = "CaravanSize";

    private Headers() {
    }
}
