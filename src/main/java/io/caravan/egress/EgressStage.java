package io.caravan.egress;

import io.caravan.bounce.BounceRoutes;
import io.caravan.bounce.Bounces;
import io.caravan.bounce.DsnBuilder;
import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.egress.tlsrpt.TlsRptCounts;
import io.caravan.egress.tlsrpt.TlsRptReporter;
import io.caravan.egress.tlsrpt.TlsRptRoutes;
import io.caravan.egress.mtasts.HttpsPolicyFetcher;
import io.caravan.egress.mtasts.MtaStsTrust;
import io.caravan.egress.mtasts.PolicyStore;
import io.caravan.egress.mtasts.StsGate;
import io.caravan.egress.mtasts.StsPolicies;
import io.caravan.egress.retry.RetrySchedule;
import io.caravan.egress.lanes.LaneScheduler;
import io.caravan.egress.lanes.SourceRelease;
import io.caravan.egress.pools.EgressSource;
import io.caravan.egress.shaping.Shaper;
import io.caravan.egress.shaping.ShapingLoader;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.egress.smtp.SmtpClient;
import io.caravan.egress.tls.DaneLookup;
import io.caravan.egress.tls.TlsPolicyFile;
import io.caravan.egress.tls.TlsSettings;
import io.caravan.events.NodeId;
import io.caravan.events.RegionEvents;
import io.caravan.events.RegionMembers;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.QueueId;
import io.caravan.egress.pools.PoolChooser;
import io.caravan.reputation.ReplyFeedback;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.ResponseClassifier;
import io.caravan.reputation.ResponseRules;
import io.caravan.reputation.RuleStats;
import io.caravan.egress.pools.SpillBudget;
import io.caravan.feedback.RefKeys;
import io.caravan.feedback.SuppressionList;
import io.caravan.routing.DeferPolicy;
import io.caravan.routing.RoutingConfig;
import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResolverSettings;
import io.caravan.egress.pools.Region;
import io.caravan.routing.provider.ProviderRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.camel.RoutesBuilder;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Everything the egress and bounce stages need at start: the SMTP client with
 * its shaping table and TLS settings (tls_policy comes from routing), the reply rules over the node's reputation
 * state, the source choice for this node's region, and the retry schedule,
 * which routing's deferrals share. Every table is read here, so a broken one
 * stops the start with its key and file, and a provider name that providers.yaml
 * lacks stops it with the file and line that name it.
 */
public final class EgressStage implements AutoCloseable {

    private final Settings settings;
    private final Clock clock;
    private final RetrySchedule retry;
    private final Deliverer deliverer;
    private final ResponseClassifier classifier;
    private final ReplyJudge judge;
    private final SourceChoice sourceChoice;
    private final EgressObserver observer;
    private final TlsRptCounts tlsReports;
    private final LaneScheduler<SendPermit> lanes;

    /**
     * Divides the shaping limits among the live nodes of the region ({@link RegionMembers}): each source's among
     * the nodes that send from it, a destination's connections among the nodes that send; without it, this node
     * takes them whole.
     */
    public void shareLimitsWith(RegionMembers members) {
        deliverer.shareWith(members::sharers, members::senders);
    }

    /**
     * @param providers the provider table: shaping.yaml and responses.yaml may name only its providers
     * @param tlsPolicy tls_policy, loaded by routing (which groups recipients by it) and reloaded on change
     */
    public EgressStage(Settings settings, Region region, ProviderRules providers, TlsPolicyFile tlsPolicy,
                       ReputationState reputation, Clock clock) {
        this(settings, region, providers, tlsPolicy, reputation, clock, EgressObserver.NONE);
    }

    /** @param observer told of every recipient's fate and every deferral by rule (the node's metrics) */
    public EgressStage(Settings settings, Region region, ProviderRules providers, TlsPolicyFile tlsPolicy,
                       ReputationState reputation, Clock clock, EgressObserver observer) {
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        EgressSettings egress = EgressSettings.from(settings);
        retry = new RetrySchedule(EgressSettings.retry(settings), clock, random);
        ShapingRules shaping = load(Key.EGRESS_SHAPING_FILE, ShapingLoader::load);
        ValidatingResolver validator = validator(settings, clock);
        deliverer = new Deliverer(SmtpClient.create(egress.client(), tls(settings),
                validator == null ? null : new DaneLookup(validator)),
                shaping, tlsPolicy::levelFor, reputation, clock, egress.deliveryTimeout(), egress.busyDelay(),
                validator == null ? null
                        : MxResolver.validating(validator, RoutingConfig.mxSettings(settings), clock, random),
                mtaSts(settings, tlsPolicy, clock));
        tlsReports = settings.flag(Key.EGRESS_TLS_RPT_ENABLED)
                ? new TlsRptCounts(settings.dataDir().resolve("tls-rpt"), clock) : null;
        deliverer.tlsReports(tlsReports);
        ResponseRules rules = load(Key.EGRESS_RESPONSES_FILE, ResponseRules::load);
        providers.requireKnown(Stream.concat(shaping.providerNames().stream(), rules.providerNames().stream())
                .toList());
        classifier = new ResponseClassifier(rules, clock);
        Map<String, String> addresses = new HashMap<>(); // rules look for a source's own address in replies
        region.pools().values().forEach(p -> p.sources().forEach(
                src -> addresses.putIfAbsent(src.name(), src.bindAddress().getHostAddress())));
        judge = new ReplyJudge(new ReplyFeedback(classifier, reputation, clock, addresses::get), observer);
        sourceChoice = new SourceChoice(region, new PoolChooser(egress.maxWait()), reputation,
                new SpillBudget(egress.spillShare(), clock), clock, random, shaping, egress.poolRate());
        lanes = new LaneScheduler<>(this::admit, route -> releases(route, reputation), clock);
    }

    /**
     * When each source of the route's pool may next send to it: its suspension for the provider, else its message
     * rate to the destination. For the per-source view; nothing is reserved.
     */
    private List<SourceRelease> releases(DeliveryRoute route, ReputationState reputation) {
        Instant now = clock.instant();
        List<SourceRelease> out = new ArrayList<>();
        for (EgressSource source : sourceChoice.sourcesOf(route)) {
            Optional<Instant> suspended = reputation.suspendedUntil(source.name(), route.provider(), now);
            if (suspended.isPresent()) {
                out.add(new SourceRelease(source.name(), suspended.get(), source.name() + " is suspended for "
                        + route.provider()));
                continue;
            }
            Instant permit = deliverer.messagePermitAt(route, source.name());
            out.add(new SourceRelease(source.name(), permit, permit.isAfter(now) ? source.name()
                    + " is at its message rate to " + deliverer.destination(route) : ""));
        }
        return out;
    }

    /**
     * What the scheduler reserves for a lane's next delivery before reading it: a source the choice allows,
     * then that source's shaping slot and message permit; or until when neither can be had.
     */
    private LaneScheduler.Gate<SendPermit> admit(DeliveryRoute route) {
        Shaper.Held soonest = null;
        // the choice is a weighted draw: a source at its rate is drawn again a few times, so the others' permits
        // are used before the lane waits for the drawn one's
        for (int draw = 0; draw < ADMISSION_DRAWS; draw++) {
            SourceChoice.Decision decision = sourceChoice.decide(route);
            if (decision instanceof SourceChoice.Wait wait) {
                return new LaneScheduler.Hold<>(wait.until(), "no source of its pools may send to "
                        + route.provider() + " now");
            }
            SourceChoice.Send send = (SourceChoice.Send) decision;
            Shaper.Admission admission = deliverer.admit(route, send.source().name());
            if (admission instanceof Shaper.Admitted admitted) {
                return new LaneScheduler.Go<>(new SendPermit(route, send, admitted, sourceChoice));
            }
            sourceChoice.unused(send, route); // held by its shaping: a shifted draw's budget goes back
            Shaper.Held held = (Shaper.Held) admission;
            if (soonest == null || held.delay().compareTo(soonest.delay()) < 0) {
                soonest = held;
            }
        }
        return new LaneScheduler.Hold<>(clock.instant().plus(soonest.delay()), soonest.why());
    }

    /** Source draws per admission before its lane waits. */
    private static final int ADMISSION_DRAWS = 4;

    /** The delivery lanes' scheduler: the {@code stage} component's {@link io.caravan.broker.LaneGate}. */
    public LaneScheduler<SendPermit> lanes() {
        return lanes;
    }

    /** How often each reply rule matched, for the operator view. */
    public RuleStats ruleStats() {
        return classifier.stats();
    }

    /** Routing's deferrals (a DNS failure) age on the same schedule as egress retries. */
    public DeferPolicy deferPolicy() {
        return (envelope, attempts) -> retry.next(envelope.receivedAt(), attempts) instanceof RetrySchedule.RetryAt at
                ? Optional.of(at.delay()) : Optional.empty();
    }

    /**
     * The egress route (started only when {@code caravan.egress.enabled}) and the bounce route; both tell
     * the region through {@code events}.
     */
    public List<RoutesBuilder> routes(String hostname, RegionEvents events) {
        return routes(hostname, events, SuppressionList.none());
    }

    /** As above, with the region's suppression list read before every delivery attempt. */
    public List<RoutesBuilder> routes(String hostname, RegionEvents events, SuppressionList suppressions) {
        return routes(hostname, events, suppressions, null, true, true);
    }

    /**
     * As above, for a node that runs only some of them (its role): {@code delivery} the lanes' deliveries and
     * TLS reports, {@code bounce} the bounce stage. With the node's reference keys, and {@code
     * caravan.feedback.bounce-domain} set, every attempt leaves with a VERP return path of that domain.
     */
    public List<RoutesBuilder> routes(String hostname, RegionEvents events, SuppressionList suppressions,
                                      RefKeys refKeys, boolean delivery, boolean bounce) {
        Bounces bounces = new Bounces(new DsnBuilder(hostname, clock, (int) settings.size(Key.BOUNCE_RETURN_LIMIT)),
                new QueueId(clock), hostname, clock);
        NodeId node = new NodeId(settings.text(Key.NODE_REGION), settings.nodeName());
        List<RoutesBuilder> routes = new ArrayList<>();
        if (delivery) {
            routes.add(new EgressRoutes(sourceChoice, deliverer, new AttemptResults(retry, clock), judge, clock,
                    settings.integer(Key.EGRESS_CONSUMERS), node, events)
                    .enabled(settings.flag(Key.EGRESS_ENABLED)).observedBy(observer).suppressedBy(suppressions)
                    .returnPaths(refKeys, settings.text(Key.FEEDBACK_BOUNCE_DOMAIN)));
        }
        if (bounce) {
            routes.add(new BounceRoutes(bounces, settings.integer(Key.BOUNCE_CONSUMERS), node, clock, events));
        }
        if (delivery && tlsReports != null) {
            routes.add(tlsReportRoutes(hostname));
        }
        return routes;
    }

    /**
     * TLS reports (RFC 8460) of the counted days, mailed through this node's own queues; the rua addresses come
     * from {@code _smtp._tls} TXT records, looked up through a resolver of its own over the node's DNS servers.
     */
    private TlsRptRoutes tlsReportRoutes(String hostname) {
        int hour = settings.integer(Key.EGRESS_TLS_RPT_HOUR);
        if (hour > 23) {
            throw new ConfigException(Key.EGRESS_TLS_RPT_HOUR.property() + ": an hour of the day, 0 to 23: " + hour);
        }
        String sender = settings.text(Key.EGRESS_TLS_RPT_SENDER).isEmpty() ? "tlsrpt-noreply@" + hostname
                : settings.text(Key.EGRESS_TLS_RPT_SENDER);
        String organization = settings.text(Key.EGRESS_TLS_RPT_ORGANIZATION).isEmpty() ? hostname
                : settings.text(Key.EGRESS_TLS_RPT_ORGANIZATION);
        String contact = settings.text(Key.EGRESS_TLS_RPT_CONTACT).isEmpty() ? sender
                : settings.text(Key.EGRESS_TLS_RPT_CONTACT);
        Duration interval = settings.duration(Key.EGRESS_TLS_RPT_INTERVAL);
        MxResolver dns = new MxResolver(RoutingConfig.mxSettings(settings), clock, new SecureRandom());
        TlsRptReporter reporter = new TlsRptReporter(tlsReports, dns::txt,
                new TlsRptReporter.Settings(organization, contact, sender, hostname, hour, interval), clock);
        // daily reports wait for their hour: looking every 10 minutes sends them at most that late
        return new TlsRptRoutes(reporter, interval.isZero() ? Duration.ofMinutes(10) : interval);
    }

    /** TLS versions, and the CA set for verify destinations when the operator names one. */
    private TlsSettings tls(Settings s) {
        List<String> protocols = load(Key.EGRESS_TLS_PROTOCOLS, s.text(Key.EGRESS_TLS_PROTOCOLS), TlsSettings::protocols);
        String ca = s.text(Key.EGRESS_TLS_CA_FILE);
        return new TlsSettings(protocols, ca.isEmpty() ? null : load(Key.EGRESS_TLS_CA_FILE, TlsSettings::trusting));
    }

    /**
     * The recipient domains' MTA-STS policies: TXT and policy host addresses through a resolver of its own over
     * the node's DNS servers, policies cached in the data directory. Off, or for a domain tls_policy lists, no policy.
     */
    private StsGate mtaSts(Settings s, TlsPolicyFile tlsPolicy, Clock clock) {
        if (!s.flag(Key.EGRESS_MTA_STS_ENABLED)) {
            return new StsGate(domain -> Optional.empty(), domain -> true);
        }
        String store = s.text(Key.EGRESS_MTA_STS_TRUST_STORE);
        SSLContext trust = store.isEmpty() ? defaultContext()
                : MtaStsTrust.context(load(Key.EGRESS_MTA_STS_TRUST_STORE, TlsSettings::trusting));
        MxResolver dns = new MxResolver(RoutingConfig.mxSettings(s), clock, new SecureRandom());
        StsPolicies policies = new StsPolicies(dns::txt, new HttpsPolicyFetcher(dns::resolveHost, trust,
                s.integer(Key.EGRESS_MTA_STS_PORT), s.duration(Key.EGRESS_MTA_STS_FETCH_TIMEOUT)),
                new PolicyStore(s.dataDir().resolve("mta-sts")), clock);
        return new StsGate(policies::policyFor, domain -> tlsPolicy.current().lists(domain));
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JDK", e);
        }
    }

    /**
     * The resolver that validates a dane destination's MX, address and TLSA answers against the
     * operator's trust anchors, or null without them: then a dane destination cannot be
     * authenticated and defers (RFC 7672 never falls back to cleartext).
     */
    private ValidatingResolver validator(Settings s, Clock clock) {
        String anchors = s.text(Key.EGRESS_DANE_TRUST_ANCHORS);
        if (anchors.isEmpty()) {
            return null;
        }
        String text = load(Key.EGRESS_DANE_TRUST_ANCHORS, file -> {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<InetSocketAddress> servers = MxResolverSettings.parseServers(s.text(Key.DNS_SERVERS));
        InetSocketAddress upstream = servers.isEmpty()
                ? ResolverConfig.getCurrentConfig().server() : servers.get(0);
        return load(Key.EGRESS_DANE_TRUST_ANCHORS, text,
                a -> DaneLookup.validator(upstream, a, s.duration(Key.DNS_TIMEOUT), clock));
    }

    /** Parses a key's value; a bad one stops the start with one line naming the key. */
    private static <T> T load(Key key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.property() + ": " + e.getMessage(), e);
        }
    }

    /** Loads a config file named by a key; any problem in it stops the start with one line naming both. */
    private <T> T load(Key key, Function<Path, T> loader) {
        Path file = settings.configFile(settings.text(key));
        try {
            return loader.apply(file);
        } catch (RuntimeException e) {
            String what = e instanceof ConfigException ? e.getMessage() : file + ": " + e.getMessage();
            throw new ConfigException(key.property() + ": " + what, e);
        }
    }

    /** SMTP connections open now, delivering or idle. */
    public int openConnections() {
        return deliverer.openConnections();
    }

    /** Closes the SMTP client's idle sessions and threads; after Camel, so no delivery is cut short. */
    @Override
    public void close() {
        deliverer.close();
    }
}
