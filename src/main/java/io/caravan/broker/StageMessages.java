package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import io.caravan.message.Headers;
import io.caravan.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage message is made of, for the {@code stage:} producer: the body as the bytes of a JMS
 * {@code BytesMessage} (or streamed, when spooled), Caravan's headers and Artemis' as its properties.
 */
final class StageMessages {

    /** Artemis' scheduled delivery time: such a message is not ready before it, so nobody is told of it. */
    static final String SCHEDULED = "_AMQ_SCHED_DELIVERY";

    private StageMessages() {
    }

    /**
     * The headers a stage message carries as JMS properties: Caravan's own and Artemis' (a scheduled
     * delivery time); Camel's, the operator's and a route's own working headers stay in the route.
     */
    static Map<String, Object> properties(org.apache.camel.Message message) {
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
}
