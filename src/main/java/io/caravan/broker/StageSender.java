package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.sjms.SjmsConstants;

/**
 * Hands a message to the next stage on the very JMS session the current
 * exchange was received on. That session is transacted, so the receive and
 * every send commit together or roll back together: a crash can neither lose
 * the message nor leave it in two stages.
 *
 * <p>The producer for each (session, queue) is made once and kept while its
 * session lives: opening and closing one per message cost the broker two
 * round trips and a destination check each time, and a producer carries no
 * state of its own between sends (the transaction is the session's).
 */
public final class StageSender {

    private static final Map<Session, Map<String, MessageProducer>> PRODUCERS = new ConcurrentHashMap<>();

    private StageSender() {
    }

    public static void send(Exchange exchange, String queue, byte[] body, Map<String, ?> properties) {
        Session session = exchange.getProperty(SjmsConstants.JMS_SESSION, Session.class);
        try {
            if (session == null || !session.getTransacted()) {
                throw new IllegalStateException("stage hand-off to " + queue + " outside a transacted stage consumer");
            }
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            for (Map.Entry<String, ?> p : properties.entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            producer(session, queue).send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE);
        } catch (JMSException e) {
            forget(session);
            throw new IllegalStateException("cannot hand off to " + queue + ": " + e.getMessage(), e);
        }
    }

    private static MessageProducer producer(Session session, String queue) throws JMSException {
        Map<String, MessageProducer> bySession = PRODUCERS.get(session);
        if (bySession == null) {
            dropClosedSessions(); // a new consumer session: the moment to let go of the ones that ended
            bySession = PRODUCERS.computeIfAbsent(session, s -> new ConcurrentHashMap<>());
        }
        MessageProducer producer = bySession.get(queue);
        if (producer == null) {
            producer = session.createProducer(session.createQueue(queue));
            bySession.put(queue, producer);
        }
        return producer;
    }

    private static void forget(Session session) {
        if (session == null) {
            return;
        }
        Map<String, MessageProducer> gone = PRODUCERS.remove(session);
        if (gone != null) {
            gone.values().forEach(StageSender::closeQuietly);
        }
    }

    private static void dropClosedSessions() {
        for (Iterator<Session> it = PRODUCERS.keySet().iterator(); it.hasNext(); ) {
            Session s = it.next();
            try {
                s.getTransacted(); // throws once the session is closed
            } catch (JMSException | RuntimeException closed) {
                it.remove();
            }
        }
    }

    private static void closeQuietly(MessageProducer producer) {
        try {
            producer.close();
        } catch (JMSException ignored) {
            // the session is already broken; nothing of the transaction depends on this producer
        }
    }
}
