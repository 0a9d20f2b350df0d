package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Hands a message to the next stage on the very JMS session the current
 * exchange was received on. That session is transacted, so the receive and
 * every send commit together or roll back together: a crash can neither lose
 * the message nor leave it in two stages.
 */
public final class StageSender {

    /** The exchange property holding the receiving consumer's {@link Outlet}. */
    static final String OUTLET = "stageOutlet";

    /**
     * A stage consumer's transacted session and the one producer (bound to no queue) it keeps for
     * the session's life, so a hand-off creates no producer of its own.
     */
    record Outlet(Session session, MessageProducer producer) {
    }

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

    /** A stage message: the bytes as its body, the properties as its JMS properties. */
    static BytesMessage message(Session session, byte[] body, Map<String, ?> properties) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        for (Map.Entry<String, ?> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        return message;
    }

    public static void send(Exchange exchange, String queue, byte[] body, Map<String, ?> properties) {
        Outlet outlet = exchange.getProperty(OUTLET, Outlet.class);
        if (outlet == null) {
            throw new IllegalStateException("stage hand-off to " + queue + " outside a stage consumer");
        }
        try {
            // the connection caches destinations, so naming the queue is no round trip to the broker
            outlet.producer().send(outlet.session().createQueue(queue), message(outlet.session(), body, properties),
                    DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot hand off to " + queue + ": " + e.getMessage(), e);
        }
    }
}
