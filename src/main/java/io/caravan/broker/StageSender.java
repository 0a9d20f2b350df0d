package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import io.caravan.message.Headers;
import io.caravan.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Hands a message to the next stage on the very JMS session the current
 * exchange was received on. That session is transacted, so the receive and
 * every send commit together or roll back together: a crash can neither lose
 * the message nor leave it in two stages. A delivery goes to its lane ({@link Lanes#of}).
 */
public final class StageSender {

    /** The exchange property holding the receiving consumer's {@link Outlet}. */
    static final String OUTLET = "stageOutlet";

    /**
     * A stage consumer's transacted session and the one producer (bound to no queue) it keeps for
     * the session's life, so a hand-off creates no producer of its own.
     */
    record Outlet(Session session, MessageProducer producer, java.util.Set<String> lanes) {
        Outlet(Session session, MessageProducer producer) {
            this(session, producer, new java.util.HashSet<>());
        }
    }

    /** Artemis' scheduled delivery time: such a message is not ready before it, so nobody is told of it. */
    private static final String SCHEDULED = "_AMQ_SCHED_DELIVERY";

    private StageSender() {
    }

    /**
     * The headers a stage message carries as JMS properties: Caravan's own and Artemis' (a scheduled
     * delivery time); Camel's and the operator's stay in the route.
     */
    public static Map<String, Object> properties(org.apache.camel.Message message) {
        Map<String, Object> properties = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && (name.startsWith("Caravan") || name.startsWith("_AMQ_"))) {
                properties.put(name, value);
            }
        });
        return properties;
    }

    /**
     * A stage message: the bytes as its body, the properties as its JMS properties. A spooled body is
     * given to the broker as a stream ({@code JMS_AMQ_InputStream}): Artemis sends it as a large message,
     * chunk by chunk, while the send runs, so neither side holds it whole. The caller closes the stream
     * ({@link #stream}) once the send returned.
     */
    static BytesMessage message(Session session, byte[] body, Map<String, ?> properties) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return sized(withProperties(message, properties), body.length);
    }

    /** @param size the body's octets, which the stream gives only as it is read */
    static BytesMessage message(Session session, InputStream body, long size, Map<String, ?> properties)
            throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.setObjectProperty("JMS_AMQ_InputStream", body);
        return sized(withProperties(message, properties), size);
    }

    /** Every stage message says its size, so the queue tool can show it without reading the body. */
    private static BytesMessage sized(BytesMessage message, long size) throws JMSException {
        message.setLongProperty(Headers.SIZE, size);
        return message;
    }

    /** A spooled body's stream, for {@link #message(Session, InputStream, long, Map)}. */
    static InputStream stream(MessageBody body) {
        try {
            return body.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled body " + body, e);
        }
    }

    private static BytesMessage withProperties(BytesMessage message, Map<String, ?> properties) throws JMSException {
        for (Map.Entry<String, ?> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        return message;
    }

    /** @param body the message bytes, or a {@link MessageBody} (a spooled one is streamed) */
    public static void send(Exchange exchange, String queue, Object body, Map<String, ?> properties) {
        Outlet outlet = exchange.getProperty(OUTLET, Outlet.class);
        if (outlet == null) {
            throw new IllegalStateException("stage hand-off to " + queue + " outside a stage consumer");
        }
        MessageBody b = MessageBody.of(body);
        try {
            if (b instanceof MessageBody.Bytes bytes) {
                send(outlet, queue, message(outlet.session(), bytes.bytes(), properties));
            } else {
                try (InputStream in = stream(b)) {
                    send(outlet, queue, message(outlet.session(), in, b.size(), properties));
                }
            }
        } catch (JMSException | IOException e) {
            throw new IllegalStateException("cannot hand off to " + queue + ": " + e.getMessage(), e);
        }
    }

    private static void send(Outlet outlet, String queue, Message message) throws JMSException {
        if (Lanes.isLane(queue) && !message.propertyExists(SCHEDULED)) {
            outlet.lanes().add(queue); // the lane's scheduler hears of it once the transaction commits
        }
        // the connection caches destinations, so naming the queue is no round trip to the broker
        outlet.producer().send(outlet.session().createQueue(queue), message,
                DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
    }
}
