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

    private Headers() {
    }
}
