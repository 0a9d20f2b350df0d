package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Hands a message to the next stage on the very JMS session the current
 * exchange was received on. That session is transacted, so the receive and
 * every send commit together or roll back together: a crash can neither lose
 * the message nor leave it in two stages.
 *
 * <p>A producer per send costs little: in a transacted session it is created
 * without a round trip to the broker, and the broker connection caches
 * destinations, so the queue is not looked up either.
 */
public final class StageSender {

    private StageSender() {
    }

    public static void send(Exchange exchange, String queue, byte[] body, Map<String, ?> properties) {
        Session session = exchange.getProperty(StageConsumer.SESSION, Session.class);
        if (session == null) {
            throw new IllegalStateException("stage hand-off to " + queue + " outside a stage consumer");
        }
        try {
            if (!session.getTransacted()) {
                throw new IllegalStateException("stage hand-off to " + queue + " outside a transacted stage consumer");
            }
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            for (Map.Entry<String, ?> p : properties.entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY,
                        Message.DEFAULT_TIME_TO_LIVE);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot hand off to " + queue + ": " + e.getMessage(), e);
        }
    }
}
