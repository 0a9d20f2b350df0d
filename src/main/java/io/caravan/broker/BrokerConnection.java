package io.caravan.broker;

import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.config.ConfigException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * Chooses the broker the stages talk through: the embedded one by default, or
 * an external Artemis broker or cluster when {@code caravan.broker.url} is set,
 * in which case no embedded broker starts at all.
 */
public final class BrokerConnection implements AutoCloseable {

    private static final long RECHECK_MILLIS = 2000;
    /** Bytes of unacknowledged packets ingress's session may have; see the constructor. */
    static final int INGRESS_CONFIRMATION_WINDOW = 64 * 1024;
    /** Bytes ingress's producer may send before it needs the broker's next grant of credits; see the constructor. */
    private static final int INGRESS_PRODUCER_WINDOW = 1024 * 1024;

    private final EmbeddedBroker embedded;
    private final ActiveMQConnectionFactory connectionFactory;
    private final JmsPoolConnectionFactory pooled;
    private final ActiveMQConnectionFactory ingressFactory;
    private final ActiveMQConnectionFactory laneFactory;
    private final List<ActiveMQConnectionFactory> made = new ArrayList<>();
    private volatile Connection monitor;
    private volatile long lastCheck;
    private final AtomicBoolean checking = new AtomicBoolean();
    /** The core an edge's bridge forwards to; empty on any other node. */
    private String coreUrl = "";
    private final ConsumerRestart consumerRestart = new ConsumerRestart(this::available, Duration.ofSeconds(5));

    /**
     * Three factories of the same broker, each for its own users: the stage threads and the
     * availability check; Camel's sjms2 endpoints (event topics, operators' routes); ingress's commit.
     * An Artemis factory makes one connection at a time, and against a dead broker an attempt can
     * take half a minute, so ingress must not wait behind the others' attempts to answer its client.
     */
    private BrokerConnection(EmbeddedBroker embedded, Supplier<ActiveMQConnectionFactory> factories) {
        this.embedded = embedded;
        this.connectionFactory = make(factories);
        this.pooled = pool(make(factories));
        this.ingressFactory = make(factories);
        // ingress sends without waiting: the broker confirms each send once it is in the journal,
        // which needs a confirmation window (off by default). Each side keeps the packets the other
        // has not acknowledged yet, up to half the window: 64 KiB keeps that small (a dozen sends,
        // some thousand confirmations) at one acknowledgement per few sends
        ingressFactory.setConfirmationWindowSize(INGRESS_CONFIRMATION_WINDOW);
        // producer credits in large grants: with the default 64 KiB the producer asked for more every dozen
        // sends and waited for them under its lock, shared by every client. Ingress's guard refuses mail
        // well before the broker's disk floor. The stage threads keep the default: credits already granted
        // are what the broker cannot withhold when it reaches its floor (min-disk-free), and at 1 MiB each
        // the egress consumers' deferrals could write past it (docs/RELIABILITY.md, disk-full)
        ingressFactory.setProducerWindowSize(INGRESS_PRODUCER_WINDOW);
        // the lanes' consumers buffer nothing: a lane's message leaves the broker only when the scheduler
        // lets a thread take it, so what waits is neither held in our heap nor kept from another node
        this.laneFactory = make(factories);
        laneFactory.setConsumerWindowSize(0);
    }

    /** A new factory, closed with this connection. */
    private ActiveMQConnectionFactory make(Supplier<ActiveMQConnectionFactory> factories) {
        ActiveMQConnectionFactory factory = factories.get();
        // the stage queues are declared at start and never deleted: without the cache, every stage
        // hand-off would first ask the broker whether its queue exists, a round trip per send
        factory.setCacheDestinations(true);
        made.add(factory);
        return factory;
    }

    private static JmsPoolConnectionFactory pool(ActiveMQConnectionFactory factory) {
        JmsPoolConnectionFactory pooled = new JmsPoolConnectionFactory();
        pooled.setConnectionFactory(factory);
        pooled.setMaxConnections(4);
        return pooled;
    }

    public static BrokerConnection open(Settings settings) {
        return open(settings, null);
    }

    /** @param meters where an embedded broker registers its own meters, or null */
    public static BrokerConnection open(Settings settings, MeterRegistry meters) {
        String url = settings.text(Key.BROKER_URL);
        if (url.isEmpty()) {
            String core = settings.text(Key.CORE_URL);
            EmbeddedBroker.Options options = new EmbeddedBroker.Options(settings.text(Key.BROKER_LISTEN),
                    settings.text(Key.BROKER_LISTEN_USER), settings.text(Key.BROKER_LISTEN_PASSWORD),
                    BrokerTls.of(settings), core.isEmpty() ? null : new CoreLink(core, settings.text(Key.CORE_USER),
                            settings.text(Key.CORE_PASSWORD)));
            EmbeddedBroker broker = EmbeddedBroker.start(settings.configFile("broker.xml"), settings.dataDir(),
                    options, meters);
            BrokerConnection connection = new BrokerConnection(broker, broker::connectionFactory);
            connection.coreUrl = core;
            return connection;
        }
        String user = settings.text(Key.BROKER_USER);
        String password = settings.text(Key.BROKER_PASSWORD);
        BrokerConnection connection = new BrokerConnection(null, () -> {
            ActiveMQConnectionFactory factory = user.isEmpty() ? new ActiveMQConnectionFactory(url)
                    : new ActiveMQConnectionFactory(url, user, password);
            for (org.apache.activemq.artemis.api.core.TransportConfiguration connector : factory.getStaticConnectors()) {
                BrokerTls.verifyHostByDefault(connector);
            }
            return factory;
        });
        connection.recheck(); // on the starting thread: the first clients find the broker known up
        return connection;
    }

    /**
     * Makes sure every stage queue and its hold queue exist before the first
     * message moves. A dead-letter address without a queue would make the
     * broker drop what it parks there, so the hold queues cannot be left to
     * on-demand creation.
     */
    public void declareQueues() {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            for (StageQueue stage : StageQueue.values()) {
                session.createConsumer(session.createQueue(stage.queueName())).close();
                session.createConsumer(session.createQueue(stage.holdQueueName())).close();
            }
        } catch (JMSException e) {
            throw new ConfigException("broker: cannot declare the stage queues: " + e.getMessage(), e);
        }
    }

    /**
     * The factory Camel's sjms2 endpoints use (the event topics): pooled,
     * because its producer opens a connection and a session for every send.
     */
    public ConnectionFactory connectionFactory() {
        return pooled;
    }

    /** The factory of ingress's commit (the {@code stage:} producer), with connections of its own. */
    public ConnectionFactory ingressConnectionFactory() {
        return ingressFactory;
    }

    /** The factory of the delivery lanes' threads: consumers with no window, which read only when asked. */
    public ConnectionFactory laneConnectionFactory() {
        return laneFactory;
    }

    /** The factory of the stage queues' threads, each of which keeps its connection as long as it runs. */
    public ConnectionFactory stageConnectionFactory() {
        return connectionFactory;
    }

    /**
     * Whether the broker can take mail now, for ingress to refuse early (421
     * at connect, 452 at MAIL) rather than after DATA. An external broker is
     * watched through one connection whose failure marks it down; it is tried
     * again at most every two seconds.
     */
    public boolean available() {
        if (embedded != null) {
            return embedded.active();
        }
        if (monitor != null) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (now - lastCheck >= RECHECK_MILLIS && checking.compareAndSet(false, true)) {
            lastCheck = now;
            // never on the caller's thread: it is an SMTP event loop, and a connect to a dead
            // broker would hold every greeting on that loop until it gives up
            Thread t = new Thread(this::recheck, "caravan-broker-check");
            t.setDaemon(true);
            t.start();
        }
        return false;
    }

    private void recheck() {
        try {
            Connection connection = connectionFactory.createConnection();
            connection.setExceptionListener(e -> {
                // with a failover URL (ha=true) the client moves its connections to the backup and then calls
                // the listener with FAILOVER: the connection serves again, so ingress need not refuse mail
                // for the two seconds until the next check (DISCONNECT, or any other code, is a broker gone)
                if (!ActiveMQConnection.EXCEPTION_FAILOVER.equals(e.getErrorCode())) {
                    monitor = null;
                }
            });
            connection.start();
            monitor = connection;
        } catch (JMSException e) {
            // still down: the next call after the interval tries again
        } finally {
            checking.set(false);
        }
    }

    /**
     * An edge's link to its core (a bridge of the embedded broker): connected or not, and the messages still
     * waiting on the edge; empty on a node without one.
     */
    public java.util.Optional<String> coreLinkLine() {
        if (embedded == null || coreUrl.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(embedded.coreLink().line(coreUrl));
    }

    /** The exception listener of the stage consumers, which rebuilds them after a broker outage. */
    public ConsumerRestart consumerRestart() {
        return consumerRestart;
    }

    /**
     * False only when the embedded broker knows that nothing is bound to the address, so a
     * non-persistent message sent there would reach nobody; always true for an external broker.
     */
    public boolean mayHaveListeners(String address) {
        return embedded == null || embedded.hasBindings(address);
    }

    /**
     * Messages on a queue of the embedded broker, read in this JVM; null for an external broker, which has
     * its own metrics.
     */
    public ToLongFunction<String> queueDepth() {
        return embedded == null ? null : embedded::messageCount;
    }

    /** The embedded broker's queued bodies, read in this JVM; null for an external broker. */
    public QueuedBodies queuedBodies() {
        return embedded == null ? null : embedded.queuedBodies();
    }

    /** For the start-up line: "embedded broker, ASYNCIO journal" or "external broker". */
    public String describe() {
        if (embedded == null) {
            return "external broker";
        }
        return "embedded broker, " + embedded.journalType() + " journal"
                + (coreUrl.isEmpty() ? "" : ", bridged to the core at " + coreUrl);
    }

    @Override
    public void close() {
        consumerRestart.close();
        pooled.stop();
        Connection m = monitor;
        if (m != null) {
            try {
                m.close();
            } catch (JMSException ignored) {
                // the broker may already be gone
            }
        }
        // closing a factory only releases client threads; the broker state is untouched
        made.forEach(ActiveMQConnectionFactory::close);
        if (embedded != null) {
            embedded.close();
        }
    }
}
