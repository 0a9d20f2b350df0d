package io.caravan.app;

import io.caravan.broker.BrokerConnection;
import io.caravan.broker.ConsumerRestart;
import io.caravan.broker.StageComponent;
import io.caravan.egress.tls.TlsPolicyFile;
import io.caravan.message.Spool;
import io.caravan.broker.StageQueue;
import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.PrivateFiles;
import io.caravan.config.Settings;
import io.caravan.console.Console;
import io.caravan.console.ConsoleExposure;
import io.caravan.egress.EgressObserver;
import io.caravan.egress.EgressStage;
import io.caravan.egress.lanes.LanesMBean;
import io.caravan.jmx.Beans;
import io.caravan.events.EventRoutes;
import io.caravan.events.MemberRoutes;
import io.caravan.events.RegionMembers;
import io.caravan.events.Reputation;
import io.caravan.feedback.BounceRateRule;
import io.caravan.feedback.BrokerSuppressionStore;
import io.caravan.feedback.KafkaSuppressionStore;
import io.caravan.feedback.SuppressionStore;
import io.caravan.feedback.ComplaintRateRule;
import io.caravan.feedback.Feedback;
import io.caravan.feedback.RateRule;
import io.caravan.ingress.SuppressionHook;
import io.caravan.feedback.Suppressions;
import io.caravan.health.HealthEndpoint;
import io.caravan.health.NodeHealth;
import io.caravan.ingress.IngressStage;
import io.caravan.ingress.component.SmtpServerConsumer;
import io.caravan.ingress.policy.Role;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.metrics.DkimMeters;
import io.caravan.metrics.FeedbackMeters;
import io.caravan.metrics.Labels;
import io.caravan.metrics.Metrics;
import io.caravan.metrics.MetricsEndpoint;
import io.caravan.metrics.NodeGauges;
import io.caravan.metrics.QueueGauges;
import io.caravan.queue.Queues;
import io.caravan.metrics.UnmatchedMeters;
import io.caravan.reputation.ReputationState;
import io.caravan.routing.RoutingConfig;
import io.caravan.routing.RoutingRoutes;
import io.caravan.egress.pools.EgressSource;
import io.caravan.egress.pools.EgressConfig;
import io.caravan.egress.pools.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.sjms2.Sjms2Component;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Caravan node: the broker connection (embedded or external), and
 * Camel Main with one RouteBuilder per stage plus the operator's YAML routes.
 *
 * <p>Start-up is all or nothing: every check that can fail runs before any
 * listener binds, and whatever did start is stopped again when a later step
 * fails. Stop is graceful and ordered: the node says it is no longer ready,
 * the SMTP listeners drain, Camel stops (in-flight exchanges finish, consumers
 * let go of their transactions), then the broker, so queued mail stays in the
 * journal, and the management port last, so its health answers until the end.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** The delivery lanes' JMX view: per lane, what it holds and what it waits for. */
    static final javax.management.ObjectName LANES = Beans.name("io.caravan:type=Lanes");

    private final Settings settings;
    private final List<RoutesBuilder> extraRoutes;
    private volatile BrokerConnection broker;
    private Main main;
    /** The running context for the health endpoints, which answer on Jetty's threads; null once stopping. */
    private volatile CamelContext camel;
    /** True from the first moment of a stop: readiness goes down before anything else happens. */
    private volatile boolean draining;
    private Metrics metrics;
    private Console console;
    private Optional<ConsoleExposure> consoleExposure = Optional.empty();
    private RoutingConfig routing;
    private Region region;
    private IngressStage ingress;
    private ReputationState reputation;
    /** The region's live senders, when heartbeats are on; null otherwise. */
    private RegionMembers members;
    private Reputation reputationBean;
    private SuppressionStore suppressionStore;
    private Suppressions suppressionsBean;
    private ComplaintRateRule complaintRate;
    private BounceRateRule bounceRate;
    private NodeControl nodeControl;
    private Queues queues;
    private volatile EgressStage egress;
    /** Which stages run here (caravan.node.role). */
    private NodeRole role = NodeRole.ALL;
    private final Clock clock = Clock.systemUTC();

    public Gateway(Settings settings) {
        this(settings, List.of());
    }

    /** A gateway with additional Java DSL routes (the operator's own, or a test's). */
    public Gateway(Settings settings, List<RoutesBuilder> extraRoutes) {
        this.settings = settings;
        this.extraRoutes = extraRoutes;
    }

    public static Gateway start(Settings settings, List<RoutesBuilder> extraRoutes) {
        Gateway gateway = new Gateway(settings, extraRoutes);
        gateway.start();
        return gateway;
    }

    /**
     * Starts every part or none: on failure, what did start is stopped again
     * before the exception leaves. Synchronized with {@link #close()}, so a
     * SIGTERM that arrives during start stops the gateway once it is whole.
     */
    public synchronized void start() {
        try {
            doStart();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void doStart() {
        role = NodeRole.of(settings);
        role.check(settings);
        privateDataDirectory();
        TlsPolicyFile tlsPolicy = TlsPolicyFile.load(settings, clock);
        EgressConfig egressLayout = EgressConfig.load(settings.configFile(settings.text(Key.ROUTING_EGRESS_FILE)));
        region = egressLayout.region(settings.text(Key.NODE_REGION));
        routing = RoutingConfig.load(settings, clock, tlsPolicy::requirement, region);
        egressLayout.checkClasses(routing.classes().classes());
        reputation = new ReputationState(clock, settings.text(Key.NODE_REGION), settings.nodeName());
        metrics = new Metrics();
        ingress = new IngressStage(settings, routing.classes().overrideHeader(), this::brokerAvailable, clock)
                .observedBy(metrics.ingress()).hookedBy(new SuppressionHook(routing.suppressions()));
        complaintRate = new ComplaintRateRule(complaintRateSettings(),
                new FeedbackMeters(metrics.registry(), labels(region, routing.providers().names())), reputation,
                settings.text(Key.NODE_REGION), settings.nodeName(), clock);
        bounceRate = new BounceRateRule(bounceRateSettings(), complaintRate, reputation, settings.text(Key.NODE_REGION),
                settings.nodeName(), clock);
        egress = new EgressStage(settings, region, routing.providers(), tlsPolicy, reputation,
                clock, observer(metrics.egress(labels(region, routing.providers().names())), complaintRate, bounceRate));
        Duration heartbeat = settings.duration(Key.REGION_HEARTBEAT);
        if (!heartbeat.isZero()) {
            members = new RegionMembers(settings.nodeName(), region.sourceNames(),
                    heartbeat.multipliedBy(3), clock);
            egress.shareLimitsWith(members);
        }
        consoleExposure = ConsoleExposure.of(settings);
        checkPorts();
        checkHeap();
        broker = BrokerConnection.open(settings, metrics.registry());
        metrics.bindJvm();
        DkimMeters.register(metrics.registry(), routing.dkim());
        broker.declareQueues();
        suppressionStore = suppressionStore();
        routing.suppressions().attach(suppressionStore);
        main = new Main();
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport(); // Caravan's own shutdown hook orders the stop
        }
        main.setInitialProperties(settings.camelProperties());
        main.configure().setName("caravan");
        // per-processor JMX statistics (the console's route diagram and processor tables): each stage route
        // has a few processors around I/O that takes milliseconds, so two clock reads and a few counter
        // updates per processor and exchange cost little; camel.main.jmxManagementStatisticsLevel=RoutesOnly
        // keeps route totals only (docs/OPERATIONS.md). camel.main.streamCachingEnabled=true brings Camel's
        // stream caching back
        main.configure().setJmxManagementStatisticsLevel(ManagementStatisticsLevel.Default);
        // stage bodies are byte arrays or spooled files (io.caravan.message.MessageBody), never streams:
        // nothing to cache, only a check per processor
        main.configure().setStreamCachingEnabled(false);
        // readiness is Caravan's conditions and Camel's context (NodeHealth); a stopped route is not a
        // reason to take a node out of service (the listeners' drain has its own condition)
        main.configure().health().withEnabled(true).withRoutesEnabled(false).setConsumersEnabled(false);
        main.configure().health().setProducersEnabled(false);
        main.configure().setShutdownTimeout((int) Math.max(1, settings.duration(Key.SHUTDOWN_TIMEOUT).toSeconds()));
        OperatorRoutes.configure(settings, main.configure());
        Sjms2Component sjms2 = new Sjms2Component();
        sjms2.setConnectionFactory(broker.connectionFactory());
        main.bind("sjms2", sjms2);
        main.bind(StageComponent.NAME, new StageComponent(broker.stageConnectionFactory(),
                broker.ingressConnectionFactory(), broker::available, Spool.prepare(settings.dataDir()))
                .lanes(egress.lanes(), broker.laneConnectionFactory(),
                        settings.duration(Key.EGRESS_LANE_CENSUS).toMillis()));
        Beans.show(LANES, egress.lanes(), LanesMBean.class);
        main.bind(ConsumerRestart.BEAN, broker.consumerRestart());
        main.bind(MessageHeaders.BEAN, new MessageHeaders());
        ingress.bind(main::bind);
        EventRoutes events = new EventRoutes(settings.text(Key.NODE_REGION), settings.nodeName(),
                settings.text(Key.KAFKA_BOOTSTRAP), reputation, broker::mayHaveListeners);
        for (RoutesBuilder stage : stages(events)) {
            main.configure().addRoutesBuilder(stage);
        }
        complaintRate.publishTo(events);
        bounceRate.publishTo(events);
        Map<String, String> sourceNames = new HashMap<>();
        region.pools().values().forEach(pool -> pool.sources().stream()
                .filter(source -> source.bindAddress() != null)
                .forEach(source -> sourceNames.put(source.bindAddress().getHostAddress(), source.name())));
        // the feedback mailboxes are the region's: read where routing runs
        if (role.routing()) {
            Feedback.routes(settings, routing.suppressions(), routing.refKeys(),
                    ip -> sourceNames.getOrDefault(ip, "unknown"),
                    routing::providerOf,
                    List.copyOf(region.sourceNames()), bounceRate, clock)
                    .ifPresent(main.configure()::addRoutesBuilder);
        }
        try {
            main.start();
        } catch (Exception e) {
            throw new ConfigException("camel: cannot start: " + e.getMessage(), e);
        }
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            throw new ConfigException("camel: context did not start (see the log above)");
        }
        broker.consumerRestart().attach(main.getCamelContext());
        camel = main.getCamelContext();
        OperatorHooks.report(camel, atAcceptance());
        reputationBean = Reputation.register(settings.nodeName(), reputation, egress.ruleStats(), events, clock,
                Set.copyOf(routing.providers().names()), poolSources(region));
        UnmatchedMeters.register(metrics.registry(), egress.ruleStats().unmatched(), routing.providers().names());
        suppressionsBean = Suppressions.register(routing.suppressions(), clock);
        nodeControl = NodeControl.register(settings.nodeName(), camel, () -> draining);
        NodeControl control = nodeControl;
        NodeHealth health = NodeHealth.register(camel, () -> camel, () -> draining, control::drained,
                this::brokerAvailable,
                ingress.gate()::lowOnStorage, this::healthNotes);
        if (broker.queueDepth() != null) { // the embedded broker: its queues' MBeans are in this JVM
            QueueGauges gauges = new QueueGauges(metrics, labels(region, routing.providers().names()));
            queues = Queues.register(settings.nodeName(), clock, settings.duration(Key.QUEUE_SUMMARY_INTERVAL),
                    snapshot -> gauges.update(snapshot.at(), snapshot.messages()), broker.queuedBodies());
        }
        NodeGauges.register(metrics, broker.queueDepth(), () -> reputation.activeSuspensions(clock.instant()).size(),
                () -> reputation.throttledCount(clock.instant()), () -> egress == null ? 0 : egress.openConnections());
        if (settings.flag(Key.CONSOLE_ENABLED)) {
            if (consoleExposure.isEmpty()) {
                LOG.warn(ConsoleExposure.offReason(settings));
            }
            console = Console.start(settings, consoleExposure,
                    List.of(HealthEndpoint.context(health), MetricsEndpoint.context(metrics)));
        }
        LOG.info("Caravan node {} in region {} started ({})", settings.nodeName(),
                settings.text(Key.NODE_REGION), (role == NodeRole.ALL ? "" : "role " + role.label() + ", ")
                        + broker.describe());
    }

    /** Lines the health page shows even when the node is up: an edge's link to its core. */
    private List<String> healthNotes() {
        BrokerConnection b = broker;
        return b == null ? List.of() : b.coreLinkLine().map(List::of).orElse(List.of());
    }

    /** Routing at acceptance needs the routing stage on the node: an edge stores to caravan.incoming only. */
    private boolean atAcceptance() {
        return role.routing() && settings.flag(Key.ROUTING_AT_ACCEPTANCE);
    }

    private boolean brokerAvailable() {
        BrokerConnection b = broker;
        return b != null && b.available();
    }

    /**
     * Egress's fates go to the node's metrics and to the rate rules: the complaint rule counts messages sent, the
     * bounce rule those and the hard bounces.
     */
    private static EgressObserver observer(EgressObserver meters, ComplaintRateRule complaints, BounceRateRule bounces) {
        return new EgressObserver() {
            @Override
            public void delivery(String status, String provider, String pool, String source) {
                meters.delivery(status, provider, pool, source);
                complaints.delivery(status, provider, source);
                bounces.delivery(status, provider, source);
            }

            @Override
            public void hardBounce(String provider, String pool, String source) {
                meters.hardBounce(provider, pool, source);
                bounces.hardBounce(provider, source);
            }

            @Override
            public void deferred(String rule) {
                meters.deferred(rule);
            }
        };
    }

    /** Each pool of the region with its sources' names, for an operator's suspension of a whole pool. */
    private static Map<String, List<String>> poolSources(Region region) {
        Map<String, List<String>> pools = new java.util.LinkedHashMap<>();
        region.pools().forEach((name, pool) -> pools.put(name,
                pool.sources().stream().map(EgressSource::name).toList()));
        return pools;
    }

    /** The complaint-rate rule's settings; a bad action or factor stops the start with one line naming its key. */
    private RateRule.Settings complaintRateSettings() {
        return rateSettings(Key.FEEDBACK_COMPLAINT_RATE, Key.FEEDBACK_COMPLAINT_WINDOW, Key.FEEDBACK_COMPLAINT_MIN,
                Key.FEEDBACK_COMPLAINT_SUSPEND, Key.FEEDBACK_COMPLAINT_ACTION, Key.FEEDBACK_COMPLAINT_THROTTLE);
    }

    /** The bounce-rate rule's settings, checked as the complaint rule's are. */
    private RateRule.Settings bounceRateSettings() {
        return rateSettings(Key.FEEDBACK_BOUNCE_RATE, Key.FEEDBACK_BOUNCE_WINDOW, Key.FEEDBACK_BOUNCE_MIN,
                Key.FEEDBACK_BOUNCE_SUSPEND, Key.FEEDBACK_BOUNCE_ACTION, Key.FEEDBACK_BOUNCE_THROTTLE);
    }

    private RateRule.Settings rateSettings(Key threshold, Key window, Key min, Key suspendFor, Key actionKey,
                                           Key factor) {
        RateRule.Action action;
        try {
            action = RateRule.Action.parse(settings.text(actionKey));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(actionKey.property() + ": " + e.getMessage(), e);
        }
        try {
            return new RateRule.Settings(settings.decimal(threshold), settings.duration(window), settings.integer(min),
                    settings.duration(suspendFor), action, settings.decimal(factor));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(factor.property() + ": " + e.getMessage(), e);
        }
    }

    /** The names a delivery's labels may take: the providers, and this region's pools and sources. */
    private static Labels labels(Region region, List<String> providers) {
        return new Labels(Set.copyOf(providers), region.pools().keySet(), region.sourceNames());
    }

    /** The stage routes of the node's role: all of them for {@code all}. */
    private List<RoutesBuilder> stages(EventRoutes events) {
        List<RoutesBuilder> stages = new ArrayList<>();
        if (role.ingress()) {
            stages.add(ingress.routes(atAcceptance() ? RoutingRoutes.ACCEPTED : StageQueue.INCOMING.producerUri()));
        }
        if (role.routing()) {
            stages.add(new RoutingRoutes(routing, egress.deferPolicy(), clock,
                    settings.integer(Key.ROUTING_CONSUMERS), settings.integer(Key.ROUTING_BATCH)));
        }
        if (role.delivery() || role.bounce()) {
            stages.addAll(egress.routes(settings.smtpHostname(), events, routing.suppressions(), routing.refKeys(),
                    role.delivery(), role.bounce()));
        }
        if (role.events()) {
            stages.add(events);
        }
        if (members != null && role.delivery()) {
            stages.add(new MemberRoutes(settings.text(Key.NODE_REGION), settings.text(Key.KAFKA_BOOTSTRAP), members,
                    settings.duration(Key.REGION_HEARTBEAT)));
        }
        stages.addAll(extraRoutes);
        return stages;
    }

    /**
     * Where the region's suppressions are kept: on Kafka when the region shares its state there (each node may
     * have a broker of its own), else on the region's broker.
     */
    private SuppressionStore suppressionStore() {
        String kafka = settings.text(Key.KAFKA_BOOTSTRAP);
        String region = settings.text(Key.NODE_REGION);
        SuppressionStore store = kafka.isEmpty()
                ? new BrokerSuppressionStore(broker.stageConnectionFactory(), region, clock)
                : new KafkaSuppressionStore(kafka, region, clock);
        store.declare();
        return store;
    }

    /** The journal holds mail and the directory the STARTTLS key: mode 0700 when made here (PrivateFiles). */
    private void privateDataDirectory() {
        Path data = PrivateFiles.directory(settings.dataDir());
        if (PrivateFiles.sharedWithOthers(data)) {
            LOG.warn("data directory {} is open to other users; it holds mail and keys: chmod 700 it",
                    data.toAbsolutePath());
        }
    }

    /** The size limit and the stage counts against the heap: see {@link HeapCheck}. */
    private void checkHeap() {
        HeapCheck check = new HeapCheck(settings.size(Key.SMTP_MAX_MESSAGE_SIZE), settings.integer(Key.SMTP_WORKERS),
                settings.integer(Key.ROUTING_CONSUMERS), settings.integer(Key.EGRESS_CONSUMERS),
                settings.integer(Key.BOUNCE_CONSUMERS), settings.size(Key.BOUNCE_RETURN_LIMIT),
                settings.text(Key.BROKER_URL).isEmpty() ? HeapCheck.BROKER_GLOBAL_MAX_SIZE : 0);
        check.warning(Runtime.getRuntime().maxMemory()).ifPresent(LOG::warn);
    }

    private void checkPorts() {
        for (SmtpServerSettings listener : role.ingress() ? ingress.listeners() : List.<SmtpServerSettings>of()) {
            Key key = listener.role() == Role.MX ? Key.SMTP_MX_PORT : Key.SMTP_SUBMISSION_PORT;
            PortCheck.requireFree(key.property(), listener.bindAddress(), listener.port());
        }
        if (settings.flag(Key.CONSOLE_ENABLED)) {
            PortCheck.requireFree(Key.CONSOLE_PORT.property(), ConsoleExposure.bindAddress(settings),
                    settings.integer(Key.CONSOLE_PORT));
        }
        String listen = settings.text(Key.BROKER_LISTEN);
        if (!listen.isEmpty() && settings.text(Key.BROKER_URL).isEmpty()
                && !settings.text(Key.BROKER_LISTEN_USER).isEmpty()) {
            // every TCP client logs in (BrokerSecurity): any address the operator chose
            PortCheck.requireFree(Key.BROKER_LISTEN.property(), listen);
            if (settings.text(Key.BROKER_LISTEN_TLS_CERTIFICATE).isEmpty()
                    && !PortCheck.loopback(Key.BROKER_LISTEN.property(), listen)) {
                LOG.warn("{}={} takes clients from the network without TLS: their login and the mail cross it in "
                        + "clear; give the acceptor a certificate ({}) or keep the link on a private network",
                        Key.BROKER_LISTEN.property(), listen, Key.BROKER_LISTEN_TLS_CERTIFICATE.property());
            }
        } else if (!listen.isEmpty() && settings.text(Key.BROKER_URL).isEmpty()) {
            PortCheck.requireFreeOnLoopback(Key.BROKER_LISTEN.property(), listen, "the embedded broker has no "
                    + "users of its own, so whoever reaches it can read and inject mail; for other machines use "
                    + "an external broker with security (caravan.broker.url), or give it a login "
                    + "(caravan.broker.listen.user)");
        }
    }

    /**
     * Whether the node has been told to stop: from that moment its SMTP listeners take no new mail (readiness
     * goes down with it).
     */
    public boolean draining() {
        return draining;
    }

    /** The port an SMTP listener ({@code mx}, {@code submission}) is bound to, or -1 when it is not running. */
    public int smtpPort(String listener) {
        var route = main.getCamelContext().getRoute("ingress-" + listener);
        if (route == null || !(route.getConsumer() instanceof SmtpServerConsumer consumer) || consumer.server() == null) {
            return -1;
        }
        return consumer.server().port();
    }

    /** This node's view of which sources are suspended for which providers. */
    public ReputationState reputation() {
        return reputation;
    }

    /** The management port (health, metrics, and the console when it runs), or -1 when it is off. */
    public int consolePort() {
        return console == null ? -1 : console.port();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** The JMS connection factory the stages use (the embedded broker's or the external one's). */
    public jakarta.jms.ConnectionFactory connectionFactory() {
        return broker.connectionFactory();
    }

    public Settings settings() {
        return settings;
    }

    /** Stops in order; readiness goes down at once, even while a start still holds the lock. */
    @Override
    public void close() {
        // no new mail from here on, even while a start still holds the lock
        Listeners.of(main == null ? null : main.getCamelContext()).drain();
        draining = true;
        stopInOrder();
    }

    private synchronized void stopInOrder() {
        // those a start that held the lock bound meanwhile too
        Listeners listeners = Listeners.of(main == null ? null : main.getCamelContext()).drain();
        if (reputationBean != null) {
            reputationBean.close();
            reputationBean = null;
        }
        if (suppressionsBean != null) {
            suppressionsBean.close();
            suppressionsBean = null;
        }
        if (nodeControl != null) {
            nodeControl.close();
            nodeControl = null;
        }
        if (queues != null) {
            queues.close();
            queues = null;
        }
        listeners.stop();
        camel = null;
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly", e);
            }
            main = null;
        }
        if (egress != null) {
            Beans.hide(LANES, egress.lanes());
            egress.close();
            egress = null;
        }
        if (suppressionStore != null) {
            suppressionStore.close();
            suppressionStore = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (console != null) {
            console.close();
            console = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
