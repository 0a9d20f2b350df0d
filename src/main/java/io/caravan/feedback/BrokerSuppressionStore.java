package io.caravan.feedback;

import io.caravan.message.Json;
import jakarta.jms.Connection;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's suppressions on its broker: one Artemis last-value queue, non-destructive, keyed by scope and
 * recipient. The queue keeps the latest state of each key in the journal (durable across restarts); every
 * consumer reads all of it without taking anything away, then each change as it is stored, so every node on
 * the region's broker knows every suppression. A suppression's expiry is its message's expiration, so the
 * broker drops it when it lapses; a removal is a marker message under the same key, which replaces the entry
 * and lapses after a day. The queue is declared with its last-value key and non-destructive reading before
 * anything uses it (and {@code caravan.*.suppressions} in config/broker.xml says the same for the embedded
 * broker), so a consumer on a broker without that setting never takes entries away from the other nodes.
 */
public final class BrokerSuppressionStore implements SuppressionStore {

    static final String KEY = "CaravanSuppressionKey";
    static final String REMOVED = "CaravanSuppressionRemoved";
    private static final Duration MARKER_LIFE = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSuppressionStore.class);

    private final ConnectionFactory factory;
    private final String queue;
    private final Clock clock;
    private volatile boolean closed;
    private Thread follower;

    public BrokerSuppressionStore(ConnectionFactory factory, String region, Clock clock) {
        this.factory = factory;
        this.queue = queueName(region);
        this.clock = clock;
    }

    /**
     * Creates the queue as a last-value, non-destructive queue unless it exists. Over the broker's core
     * protocol, since JMS cannot say so; a factory that is not Artemis' leaves it to the address settings.
     */
    @Override
    public void declare() {
        if (!(factory instanceof ActiveMQConnectionFactory amq)) {
            return;
        }
        try (ClientSessionFactory sessions = amq.getServerLocator().createSessionFactory();
             ClientSession session = sessions.createSession(amq.getUser(), amq.getPassword(), false, true, true, false,
                     0)) {
            session.createQueue(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true).setLastValueKey(KEY).setNonDestructive(true));
        } catch (ActiveMQQueueExistsException exists) {
            // declared before, by this node or another
        } catch (Exception e) {
            throw new IllegalStateException("cannot declare the suppression queue " + queue + ": " + e.getMessage(), e);
        }
    }

    public static String queueName(String region) {
        return "caravan." + region + ".suppressions";
    }

    @Override
    public void put(Suppression s) {
        long ttl = s.expires() == null ? 0 : Math.max(1, s.expires().toEpochMilli() - clock.millis());
        send(s.key(), Json.write(s), false, ttl);
    }

    @Override
    public void delete(String scope, String recipient) {
        send(Suppression.key(scope, recipient), "", true, MARKER_LIFE.toMillis());
    }

    private void send(String key, String body, boolean removed, long ttl) {
        try (Connection c = factory.createConnection(); Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage m = session.createTextMessage(body);
            m.setStringProperty(KEY, key);
            m.setBooleanProperty(REMOVED, removed);
            producer.send(m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, ttl);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot store the suppression of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void follow(Consumer<Suppression> added, Consumer<String> removedKey) {
        follower = new Thread(() -> run(added, removedKey), "suppressions");
        follower.setDaemon(true);
        follower.start();
    }

    private void run(Consumer<Suppression> added, Consumer<String> removedKey) {
        while (!closed) {
            try (Connection c = factory.createConnection();
                 Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                Queue q = session.createQueue(queue);
                MessageConsumer consumer = session.createConsumer(q);
                c.start();
                while (!closed) {
                    Message m = consumer.receive(1000);
                    if (m != null) {
                        apply(m, added, removedKey);
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("suppression list: lost the broker ({}); reading it again in 2 s", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private static void apply(Message m, Consumer<Suppression> added, Consumer<String> removedKey) {
        try {
            if (m.getBooleanProperty(REMOVED)) {
                removedKey.accept(m.getStringProperty(KEY));
            } else if (m instanceof TextMessage t) {
                added.accept(Json.read(t.getText(), Suppression.class));
            }
        } catch (JMSException | RuntimeException e) {
            LOG.warn("suppression list: an entry that cannot be read is skipped: {}", e.toString());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = follower;
        }
        if (t != null) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
