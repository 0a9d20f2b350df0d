package io.caravan.testing;

import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Recipient;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A plain JMS client for tests: puts messages on stage queues, lists what a queue holds, reads topics. */
public final class Jms implements AutoCloseable {

    private final Connection connection;
    private final Session session;
    private final ConnectionFactory factory;

    public Jms(ConnectionFactory factory) throws JMSException {
        this.factory = factory;
        this.connection = factory.createConnection();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    public static Envelope envelope(String queueId, String... recipients) {
        List<Recipient> list = new ArrayList<>();
        for (String r : recipients) {
            list.add(Recipient.of(r));
        }
        return new Envelope(queueId, "sender@example.org", list, null, null, false, null, "127.0.0.1",
                "client.example.org", Instant.now());
    }

    /** Sends a message as ingress would: the bytes as body, the envelope as a header. */
    public void send(String queue, String queueId, byte[] body, String envelopeJson) throws JMSException {
        send(queue, queueId, body, envelopeJson, 0);
    }

    /** As above, not to be delivered before {@code atMillis} (Artemis' scheduled delivery); 0 at once. */
    public void send(String queue, String queueId, byte[] body, String envelopeJson, long atMillis)
            throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        message.setStringProperty(Headers.QUEUE_ID, queueId);
        if (envelopeJson != null) {
            message.setStringProperty(Headers.ENVELOPE, envelopeJson);
        }
        if (atMillis > 0) {
            message.setLongProperty(Headers.SCHEDULED_DELIVERY, atMillis);
        }
        producer.send(message);
        producer.close();
    }

    public void sendAccepted(String queue, String queueId) throws JMSException {
        send(queue, queueId, ("Subject: " + queueId + "\r\n\r\nbody\r\n").getBytes(),
                EnvelopeJson.write(envelope(queueId, "rcpt@example.net")));
    }

    /** Subscribes to a topic now: what is published from here on can be read with {@link #next}. */
    public MessageConsumer subscribe(String topic) throws JMSException {
        return session.createConsumer(session.createTopic(topic));
    }

    /** Takes messages off a queue: read them with {@link #next}. */
    public MessageConsumer consume(String queue) throws JMSException {
        return session.createConsumer(session.createQueue(queue));
    }

    /** The next text message of a subscription, or null when none comes within the timeout. */
    public static String next(MessageConsumer subscription, Duration timeout) throws JMSException {
        Message m = subscription.receive(timeout.toMillis());
        return m == null ? null : m.getBody(String.class);
    }

    /** Queue ids of the messages the queue holds now, without consuming them. */
    public List<String> browse(String queue) throws JMSException {
        List<String> ids = new ArrayList<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            for (Object m : Collections.list(browser.getEnumeration())) {
                ids.add(((Message) m).getStringProperty(Headers.QUEUE_ID));
            }
        }
        return ids;
    }

    /** A queued message as a test sees it: its Caravan properties and its bytes. */
    public record Queued(java.util.Map<String, Object> properties, byte[] body) {
        public String property(String name) {
            Object v = properties.get(name);
            return v == null ? null : v.toString();
        }
    }

    /** The messages the queue holds now, with their properties and bodies, without consuming them. */
    public List<Queued> browseMessages(String queue) throws JMSException {
        List<Queued> out = new ArrayList<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            for (Object o : Collections.list(browser.getEnumeration())) {
                Message m = (Message) o;
                java.util.Map<String, Object> props = new java.util.TreeMap<>();
                for (Object name : Collections.list(m.getPropertyNames())) {
                    props.put((String) name, m.getObjectProperty((String) name));
                }
                out.add(new Queued(props, m.getBody(byte[].class)));
            }
        }
        return out;
    }

    /** The delivery lanes the broker has now, by name. */
    public List<String> lanes() throws Exception {
        try (io.caravan.broker.LaneCensus census = new io.caravan.broker.LaneCensus(factory)) {
            return census.take().stream().map(io.caravan.broker.LaneGate.Census::queue).sorted().toList();
        }
    }

    /** The queue ids of the messages every delivery lane holds now, lane by lane. */
    public List<String> browseLaneIds() throws Exception {
        List<String> out = new ArrayList<>();
        for (String lane : lanes()) {
            out.addAll(browse(lane));
        }
        return out;
    }

    /** The messages every delivery lane holds now (routed mail waiting for egress), lane by lane. */
    public List<Queued> browseLanes() throws Exception {
        List<Queued> out = new ArrayList<>();
        for (String lane : lanes()) {
            out.addAll(browseMessages(lane));
        }
        return out;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
