package io.caravan.egress;

import io.caravan.egress.shaping.Shaper;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.egress.shaping.SourceShare;
import io.caravan.egress.smtp.ConnectionLimits;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.NewConnectionHeld;
import io.caravan.egress.smtp.SmtpClient;
import io.caravan.egress.smtp.SmtpSource;
import io.caravan.egress.mtasts.StsDecision;
import io.caravan.egress.mtasts.StsGate;
import io.caravan.egress.mtasts.StsHosts;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.egress.tls.TlsDemand;
import io.caravan.egress.tlsrpt.DaneSessions;
import io.caravan.egress.tlsrpt.TlsRptCounts;
import io.caravan.egress.tlsrpt.TlsRptSessions;
import io.caravan.egress.tls.TlsPolicy;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.reputation.ReputationState;
import io.caravan.smtp.Reply;
import io.caravan.routing.mx.Dnssec;
import io.caravan.routing.mx.MxResolver;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.xbill.DNS.Address;

/**
 * Runs one delivery attempt from a chosen source, within the destination's shaping limits.
 *
 * <p>Policy: the destination is the route's provider when {@code shaping.yaml} gives it limits, else
 * the recipient domain; its limits are decided by {@link Shaper}, shared by every
 * consumer of the node. A delivery without a free slot or message-rate permit is not attempted at
 * all; one that needs a new connection while the source × destination connection rate is spent
 * ends before anything is sent (a delivery that can reuse an idle session is not held by it).
 * Either way the caller puts it back on the queue for a moment (the busy delay, or until the rate
 * allows) without counting an attempt, instead of holding a consumer thread. Sessions to the
 * destination carry at most its {@code max_messages_per_connection}. Slots and rates shrink with
 * the source's reputation factor. The caller's thread waits for the non-blocking client with a
 * bound, never a Netty event loop. A {@code dane} destination's hosts are resolved again through
 * the validating resolver ({@link DaneRoute}) before any of that, and a bogus answer ends the
 * attempt there.
 *
 * <p>The TLS level is the strictest of every recipient domain's ({@link TlsDemand}), not the first
 * domain's: routing keeps domains of different levels apart, but a delivery routed before tls_policy
 * changed, or by a node with another table, must still not carry a recipient below its own level.
 */
public final class Deliverer implements AutoCloseable {

    /** What became of a delivery: attempted, or to be tried again after {@code delay}. */
    public sealed interface Outcome {
    }

    public record Attempted(DeliveryResult result) implements Outcome {
    }

    public record Later(Duration delay, String why) implements Outcome {
    }

    private final SmtpClient client;
    private final ShapingRules shaping;
    private final Shaper shaper;
    private volatile ToIntFunction<String> sharers = source -> 1;
    private volatile java.util.function.IntSupplier senders = () -> 1;
    private final Function<String, TlsPolicy> tls;
    private final ReputationState reputation;
    private final Clock clock;
    private final Duration timeout;
    private final DaneRoute dane;
    private final StsGate sts;
    private TlsRptCounts tlsReports;

    /** @param tls a recipient domain's level from tls_policy, the table in force */
    public Deliverer(SmtpClient client, ShapingRules shaping, Function<String, TlsPolicy> tls,
                     ReputationState reputation, Clock clock, Duration timeout, Duration busyDelay) {
        this(client, shaping, tls, reputation, clock, timeout, busyDelay, null,
                new StsGate(domain -> Optional.empty(), domain -> true));
    }

    /**
     * @param validated MX resolution through the DANE validator; null without trust anchors
     * @param sts       the recipient domains' MTA-STS policies, applied before any connection
     */
    public Deliverer(SmtpClient client, ShapingRules shaping, Function<String, TlsPolicy> tls,
                     ReputationState reputation, Clock clock, Duration timeout, Duration busyDelay,
                     MxResolver validated, StsGate sts) {
        this.dane = validated == null ? null : new DaneRoute(validated);
        this.sts = sts;
        this.shaper = new Shaper(clock, busyDelay);
        this.client = client;
        this.shaping = shaping;
        this.tls = tls;
        this.reputation = reputation;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * @return the attempt's result, or when to try again (no free connection slot, message or
     *         connection rate spent)
     * @throws TimeoutException when the attempt outlasts the bound (the caller rolls back)
     */
    public Outcome deliver(DeliveryRoute route, SmtpSource source, String sourceName,
                                            Envelope envelope, byte[] message)
            throws InterruptedException, ExecutionException, TimeoutException {
        return deliver(route, source, sourceName, envelope, new MessageBody.Bytes(message));
    }

    /** As above, for a body that may be spooled. */
    public Outcome deliver(DeliveryRoute route, SmtpSource source, String sourceName,
                                            Envelope envelope, MessageBody message)
            throws InterruptedException, ExecutionException, TimeoutException {
        return deliver(route, source, sourceName, envelope, message, null);
    }

    /**
     * The shaping admission of one delivery of {@code route} from {@code sourceName} now: its slots and
     * message-rate permit, or how long until it could have them. The scheduler takes it before it reads
     * the message, so a delivery that must wait is not read at all.
     */
    public Shaper.Admission admit(DeliveryRoute route, String sourceName) {
        String domain = route.firstDomain();
        return shaper.admit(sourceName, shaping.destination(domain, route.provider()),
                shaping.resolve(domain, route.provider()).shareOf(senders.getAsInt()),
                factor(sourceName, route.provider()));
    }

    /**
     * When {@code sourceName}'s message rate to the route's destination next lets a message go (now or earlier when
     * nothing holds it); nothing is reserved.
     */
    public java.time.Instant messagePermitAt(DeliveryRoute route, String sourceName) {
        String domain = route.firstDomain();
        return shaper.messagePermitAt(sourceName, shaping.destination(domain, route.provider())).orElse(clock.instant());
    }

    /** The shaping destination of a route: its provider when shaping.yaml shapes it as a whole, else its domain. */
    public String destination(DeliveryRoute route) {
        return shaping.destination(route.firstDomain(), route.provider());
    }

    /**
     * The part of a source's limits this node may use now: its reputation factor, divided among the live nodes of
     * the region that send from the same source, so the region as a whole keeps to the configured limits.
     */
    private double factor(String sourceName, String provider) {
        return SourceShare.factor(reputation.rateFactor(sourceName, provider, clock.instant()),
                sharers.applyAsInt(sourceName));
    }

    /**
     * @param sharers how many live nodes of the region send from a source, this one included (at least 1)
     * @param senders how many live nodes of the region send at all, this one included (at least 1)
     */
    public void shareWith(ToIntFunction<String> sharers, java.util.function.IntSupplier senders) {
        this.sharers = sharers;
        this.senders = senders;
    }

    /**
     * As above, under an admission taken beforehand ({@link #admit}); it is used when it is this source's to
     * this destination, and given back otherwise. Either way this call owns it.
     */
    public Outcome deliver(DeliveryRoute route, SmtpSource source, String sourceName,
                           Envelope envelope, MessageBody message, Shaper.Admitted reserved)
            throws InterruptedException, ExecutionException, TimeoutException {
        String destination = shaping.destination(route.firstDomain(), route.provider());
        Shaper.Admitted own = reserved != null && reserved.covers(sourceName, destination) ? reserved : null;
        if (reserved != null && own == null) {
            reserved.notSent();
            reserved.close();
        }
        boolean[] used = new boolean[1];
        try {
            return attempt(route, source, sourceName, envelope, message, own, used);
        } finally {
            if (own != null && !used[0]) {
                own.notSent();
                own.close();
            }
        }
    }

    private Outcome attempt(DeliveryRoute route, SmtpSource source, String sourceName, Envelope envelope,
                            MessageBody message, Shaper.Admitted reserved, boolean[] used)
            throws InterruptedException, ExecutionException, TimeoutException {
        String domain = route.firstDomain();
        TlsDemand demand = demand(tls, route, envelope);
        DaneRoute.Decision validated = demand.level() == TlsPolicy.DANE && dane != null ? dane.resolve(route) : null;
        if (validated instanceof DaneRoute.Stop stop) {
            return new Attempted(stop.result(envelope));
        }
        List<MxTarget> targets = validated instanceof DaneRoute.Go go ? go.targets() : targets(route);
        // a domain tls_policy lists (dane included) has no MTA-STS policy here: DANE wins, as RFC 8461 says
        StsDecision policy = sts.decide(route);
        if (policy instanceof StsDecision.Refuse refuse) {
            count(TlsRptSessions.of(policy, null, address(source), targets.get(0)));
            return new Attempted(refused(envelope, targets.get(0), refuse.why()));
        }
        if (policy instanceof StsDecision.Enforce enforce) {
            // RFC 8461 §4: only MX hosts the policy names, each with a PKIX-valid certificate for its own name
            targets = targets.stream().filter(t -> enforce.hosts().contains(StsHosts.name(t))).toList();
            demand = demand.atLeast(TlsPolicy.VERIFY);
        }
        MxTarget first = targets.isEmpty() ? null : targets.get(0);
        String destination = shaping.destination(domain, route.provider());
        used[0] = reserved != null;
        Shaper.Admission admission = reserved != null ? reserved : admit(route, sourceName);
        if (admission instanceof Shaper.Held held) {
            return new Later(held.delay(), held.why());
        }
        try (Shaper.Admitted admitted = (Shaper.Admitted) admission) {
            ConnectionLimits limits = new ConnectionLimits(admitted.maxMessagesPerConnection(), admitted::tryOpen);
            try {
                DeliveryResult result = client.deliver(source, targets, demand, envelope, message, limits)
                        .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (policy instanceof StsDecision.Testing testing) {
                    StsHosts.reportTesting(testing, envelope, result);
                }
                count(TlsRptSessions.of(policy, result, address(source), first));
                if (validated instanceof DaneRoute.Go go && go.dnssec() == Dnssec.SECURE) {
                    // RFC 7672 applied only under a secure MX answer: those sessions are DANE's to report
                    count(DaneSessions.of(daneDomains(tls, route, envelope), result, address(source)));
                }
                return new Attempted(validated == null ? result : result.withDnssec(validated.dnssec()));
            } catch (ExecutionException e) {
                NewConnectionHeld held = NewConnectionHeld.in(e);
                if (held == null) {
                    throw e;
                }
                admitted.notSent();
                return new Later(held.retryAfter(), sourceName + " is at its connection rate to " + destination);
            }
        }
    }

    /** Counts this delivery's TLS sessions for the policy domains' TLS reports (RFC 8460). */
    public Deliverer tlsReports(TlsRptCounts counts) {
        this.tlsReports = counts;
        return this;
    }

    private void count(List<io.caravan.egress.tlsrpt.Session> sessions) {
        if (tlsReports != null && !sessions.isEmpty()) {
            tlsReports.record(sessions);
        }
    }

    private static String address(SmtpSource source) {
        return source.bindAddress() == null ? null : source.bindAddress().getHostAddress();
    }

    /** Deferred without a connection: every recipient gets the same local 4.7.5. */
    private static DeliveryResult refused(Envelope envelope, MxTarget first, String why) {
        return DeliveryResult.refused(envelope.recipients(), first, Reply.of(451, "4.7.5", why), why);
    }

    /**
     * The strictest level over the delivery's recipient domains, those of the route and of the envelope alike
     * (the first host's when there are none).
     */
    static TlsDemand demand(Function<String, TlsPolicy> tls, DeliveryRoute route, Envelope envelope) {
        List<TlsPolicy> levels = new ArrayList<>();
        route.domains().forEach(d -> levels.add(tls.apply(d)));
        envelope.recipients().forEach(r -> levels.add(tls.apply(r.domain())));
        if (levels.isEmpty() && route.firstHost() != null) {
            levels.add(tls.apply(route.firstHost()));
        }
        // RFC 8689 §4.2.1 asks REQUIRETLS of messages with a non-null return path only: a bounce is exempt
        return TlsDemand.of(levels, envelope.requireTls() && !envelope.nullSender());
    }

    /** Every address of every host, in the order routing gave (MX preference, IPv4 first). */
    static List<MxTarget> targets(DeliveryRoute route) {
        List<MxTarget> out = new ArrayList<>();
        for (DeliveryRoute.Hop hop : route.hosts()) {
            for (String address : hop.addresses()) {
                try {
                    out.add(new MxTarget(hop.name(), Address.getByAddress(address), route.port()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("route of " + route.nexthop() + ": not an address: " + address);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("route of " + route.nexthop() + " has no host address");
        }
        return out;
    }

    /** The delivery's recipient domains whose own level is dane: the policy domains of its TLSA sessions. */
    static Set<String> daneDomains(Function<String, TlsPolicy> tls, DeliveryRoute route, Envelope envelope) {
        Set<String> out = new TreeSet<>();
        route.domains().forEach(d -> out.add(d.toLowerCase(Locale.ROOT)));
        envelope.recipients().forEach(r -> out.add(r.domain().toLowerCase(Locale.ROOT)));
        out.removeIf(d -> tls.apply(d) != TlsPolicy.DANE);
        return out;
    }

    /** SMTP connections open now, delivering or idle. */
    public int openConnections() {
        return client.openConnections();
    }

    @Override
    public void close() {
        client.close();
    }
}
