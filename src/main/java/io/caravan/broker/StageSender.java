package io.caravan.broker;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import io.caravan.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;

/** Hands a message to the next stage on the consumer's transacted session ({@link StageOutlet}). */
public final class StageSender {

    private StageSender() {
    }

    public static Map<String, Object> properties(org.apache.camel.Message message) {
        return StageMessages.properties(message);
    }

    /** @param body the message bytes, or a {@link MessageBody} (a spooled one is streamed) */
    public static void send(Exchange exchange, String queue, Object body, Map<String, ?> properties) {
        StageOutlet outlet = exchange.getProperty(StageOutlet.PROPERTY, StageOutlet.class);
        if (outlet == null) {
            throw new IllegalStateException("stage hand-off to " + queue + " outside a stage consumer");
        }
        MessageBody b = MessageBody.of(body);
        try {
            if (b instanceof MessageBody.Bytes bytes) {
                send(outlet, queue, StageMessages.message(outlet.session(), bytes.bytes(), properties));
            } else {
                try (InputStream in = StageMessages.stream(b)) {
                    send(outlet, queue, StageMessages.message(outlet.session(), in, b.size(), properties));
                }
            }
        } catch (JMSException | IOException e) {
            throw new IllegalStateException("cannot hand off to " + queue + ": " + e.getMessage(), e);
        }
    }

    private static void send(StageOutlet outlet, String queue, Message message) throws JMSException {
        if (Lanes.isLane(queue) && !message.propertyExists(StageMessages.SCHEDULED)) {
            outlet.lanes().add(queue);
        }
        outlet.producer().send(outlet.session().createQueue(queue), message,
                DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
    }
}
