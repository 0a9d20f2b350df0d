package io.caravan.broker;

import io.caravan.config.ConfigException;
import io.caravan.config.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker that runs inside the gateway unless an external one is
 * configured. Queue behaviour (redelivery, attempts, hold queues, paging,
 * journal tuning) comes from the operator's {@code config/broker.xml}; where
 * files live and how clients reach it are Caravan's to decide, so the journal
 * always sits under the data directory and the in-VM acceptor is added here,
 * with the TCP acceptor, its login ({@link BrokerSecurity}) and an edge's
 * bridge to its core ({@link CoreLink}) when the settings ask for them.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger();
    /** How often the broker is checked for having stopped by itself; also the wait after a failed restart. */
    private static final long WATCH_SECONDS = 5;
    /** The broker's directories under dataDir/broker: journal, bindings, paging, large messages. */
    private static final String[] STORES = {"journal", "bindings", "paging", "large-messages"};

    private final EmbeddedActiveMQ server;
    private final int inVmId;
    /** The in-VM clients' password when the broker asks a login (BrokerSecurity), else null. */
    private final String inVmPassword;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-watch");
        t.setDaemon(true);
        return t;
    });
    /** Held while the broker is started again or stopped for good, so a restart never outlives close(). */
    private final Object lifecycle = new Object();
    private boolean closed;

    private EmbeddedBroker(EmbeddedActiveMQ server, int inVmId, String inVmPassword) {
        this.server = server;
        this.inVmId = inVmId;
        this.inVmPassword = inVmPassword;
        watch.scheduleWithFixedDelay(this::restartIfStopped, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * @param brokerXml the Artemis configuration file
     * @param dataDir   the gateway's data directory; the journal goes to {@code dataDir/broker}
     * @param listen    host:port for an additional TCP acceptor, or empty for in-VM only
     */
    public static EmbeddedBroker start(Path brokerXml, Path dataDir, String listen) {
        return start(brokerXml, dataDir, listen, null);
    }

    /** @param meters where the broker registers its own meters, or null for none */
    public static EmbeddedBroker start(Path brokerXml, Path dataDir, String listen, MeterRegistry meters) {
        return start(brokerXml, dataDir, new Options(listen, "", "", null, null), meters);
    }

    /**
     * What Caravan's settings add to broker.xml.
     *
     * @param listen         host:port for an additional TCP acceptor, or empty for in-VM only
     * @param listenUser     the user every TCP client must log in as, or empty for no login (security off)
     * @param listenPassword its password
     * @param listenTls      the TCP acceptor's certificate, or null for plain TCP
     * @param core           an edge's bridge to its core, or null
     */
    public record Options(String listen, String listenUser, String listenPassword, BrokerTls listenTls,
                          CoreLink core) {
    }

    /** @param meters where the broker registers its own meters, or null for none */
    public static EmbeddedBroker start(Path brokerXml, Path dataDir, Options options, MeterRegistry meters) {
        String listen = options.listen();
        FileConfiguration config = read(brokerXml);
        if (meters != null) {
            // the JVM's meters are the node's (io.caravan.metrics.Metrics): the broker keeps to its own
            config.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new RegistryPlugin(meters))
                    .setJvmMemory(false).setJvmGc(false).setJvmThread(false).setFileDescriptors(false)
                    .setProcessor(false).setUptime(false));
        }
        Path root = dataDir.resolve("broker");
        config.setJournalDirectory(root.resolve(STORES[0]).toString());
        config.setBindingsDirectory(root.resolve(STORES[1]).toString());
        config.setPagingDirectory(root.resolve(STORES[2]).toString());
        config.setLargeMessagesDirectory(root.resolve(STORES[3]).toString());
        config.setNodeManagerLockDirectory(root.toString());
        config.setPersistenceEnabled(true);
        int id = IN_VM_IDS.incrementAndGet();
        try {
            // direct delivery: a message sent to a queue with an idle consumer goes to it on the sending
            // thread, not through the queue's executor (one thread hand-off less per stage; Netty
            // acceptors do this by default, the in-VM one does not)
            config.addAcceptorConfiguration("in-vm", "vm://" + id + "?directDeliver=true");
            if (!listen.isEmpty()) {
                config.addAcceptorConfiguration("tcp", "tcp://" + listen);
            }
            String inVmPassword = null;
            if (!options.listenUser().isEmpty()) {
                inVmPassword = secret();
                config.setSecurityEnabled(true);
                // Artemis' management cluster user logs in past the security manager; its shipped password is
                // public, so it gets one nobody knows (this broker is in no cluster)
                config.setClusterPassword(secret());
            }
            if (options.core() != null) {
                options.core().configure(config);
            }
            // made here, mode 0700, rather than by Artemis with the umask's: the journal and pages hold mail
            PrivateFiles.directory(root);
            for (String dir : STORES) {
                PrivateFiles.directory(root.resolve(dir));
            }
            if (!listen.isEmpty() && options.listenTls() != null) {
                for (TransportConfiguration acceptor : config.getAcceptorConfigurations()) {
                    if (acceptor.getName().equals("tcp")) {
                        options.listenTls().serve(acceptor.getParams(), root);
                    }
                }
            }
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            if (!options.listenUser().isEmpty()) {
                server.setSecurityManager(new BrokerSecurity(options.listenUser(), options.listenPassword(),
                        inVmPassword));
            }
            server.start();
            return new EmbeddedBroker(server, id, inVmPassword);
        } catch (Exception e) {
            throw new ConfigException("embedded broker: cannot start with " + brokerXml + " and data dir "
                    + root + ": " + e.getMessage(), e);
        }
    }

    static FileConfiguration read(Path brokerXml) {
        if (!Files.isReadable(brokerXml)) {
            throw new ConfigException(brokerXml + ": cannot read broker configuration");
        }
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toUri().toString());
        deployment.addDeployable(config);
        try {
            deployment.readConfiguration();
        } catch (Exception e) {
            throw new ConfigException(brokerXml + ": malformed broker configuration: " + oneLine(e), e);
        }
        return config;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = String.valueOf(root.getMessage());
        return text.replaceAll("\\s+", " ");
    }

    /**
     * The journal in use: broker.xml's ASYNCIO becomes NIO at start where the platform lacks kernel AIO
     * (libaio, or Artemis' native wrapper on java.library.path).
     */
    public String journalType() {
        return server.getActiveMQServer().getConfiguration().getJournalType().name();
    }

    /**
     * Artemis stops the server itself on a critical IO error (AMQ222010: the disk full under its page files, a
     * failing device), and nothing would start it again: ingress would refuse mail and the stages would wait
     * until an operator restarted the node. Started again on the same journal, it has every message it stored;
     * the stages and ingress reconnect as after any broker outage.
     */
    void restartIfStopped() {
        synchronized (lifecycle) {
            ActiveMQServer current = server.getActiveMQServer();
            if (closed || current == null || current.getState() != ActiveMQServer.SERVER_STATE.STOPPED) {
                return;
            }
            LOG.warn("embedded broker stopped by itself (see its error above); starting it again on its journal");
            try {
                server.start();
                LOG.info("embedded broker running again");
            } catch (Exception e) {
                LOG.warn("embedded broker did not start again ({}); next attempt in {} s", e.getMessage(),
                        WATCH_SECONDS);
            }
        }
    }

    /** The running server, for tests that stop it the way a critical error does. */
    ActiveMQServer server() {
        return server.getActiveMQServer();
    }

    /** Messages on a queue now (scheduled ones included), or -1 when it does not exist or the broker is down. */
    public long messageCount(String queue) {
        try {
            Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
            return q == null ? -1 : q.getMessageCount();
        } catch (RuntimeException e) { // e.g. the server is stopping
            return -1;
        }
    }

    /** The edge's link to its core now: whether the bridge is connected, and the messages waiting for it. */
    public CoreLink.State coreLink() {
        ActiveMQServer current = server.getActiveMQServer();
        boolean connected = current != null && CoreLink.connected(current);
        return new CoreLink.State(connected, Math.max(0, messageCount(CoreLink.QUEUE)));
    }

    /** Whether the broker is running and taking messages. */
    public boolean active() {
        return server.getActiveMQServer() != null && server.getActiveMQServer().isActive();
    }

    /**
     * Whether anything is bound to the address: a subscription, a queue, a cluster bridge. A
     * non-persistent message sent to an address without bindings is dropped by the broker; asking
     * here is a map lookup in this JVM, sending it is a trip through the whole client and server.
     * When the broker cannot tell, the answer is yes.
     */
    public boolean hasBindings(String address) {
        try {
            Bindings bindings = server.getActiveMQServer().getPostOffice()
                    .lookupBindingsForAddress(SimpleString.of(address));
            return bindings != null && bindings.size() > 0;
        } catch (Exception e) { // e.g. the server is stopping
            return true;
        }
    }

    /** The bodies of the queued messages, read in place (the queue tool's header fields). */
    public QueuedBodies queuedBodies() {
        // asked at each read: a broker started again after a critical error is a new server
        return new QueuedBodies(server::getActiveMQServer);
    }

    /** A client factory over the in-VM acceptor: no sockets, same durability. */
    public ActiveMQConnectionFactory connectionFactory() {
        return inVmPassword == null ? new ActiveMQConnectionFactory("vm://" + inVmId)
                : new ActiveMQConnectionFactory("vm://" + inVmId, BrokerSecurity.IN_VM_USER, inVmPassword);
    }

    /** 256 random bits, for passwords that never leave the process. */
    private static String secret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        // a restart under way finishes first (interrupting it could leave half a server); then none starts
        watch.shutdown();
        synchronized (lifecycle) {
            closed = true;
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("embedded broker did not stop cleanly", e);
            }
        }
    }
}
