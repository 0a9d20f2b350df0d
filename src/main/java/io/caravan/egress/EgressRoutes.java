package io.caravan.egress;

import io.caravan.broker.Lanes;
import io.caravan.broker.StageQueue;
import io.caravan.broker.StageComponent;
import io.caravan.egress.lanes.LaneTicket;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.events.NodeId;
import io.caravan.events.RegionEvents;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.SmtpSource;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.feedback.RefKeys;
import io.caravan.feedback.ReturnPath;
import io.caravan.feedback.SuppressionList;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import io.caravan.egress.pools.EgressSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultMessage;

/**
 * The egress stage: it takes deliveries off their lanes ({@link Lanes}) as the scheduler allows
 * (EgressStage's {@code LaneScheduler}, which reserves a source and a shaping slot before a message is
 * read); each delivery gets its egress source (a content-based router on the pool decision: the
 * route's pool, a shifted fallback pool, or back to its lane to wait), then goes to the
 * delivery endpoint of its transport, which sends it over SMTP and hands each recipient on
 * (done, retry on its lane, or bounce) as the reply rules read the receiver's answers.
 * Every hand-off is a {@code stage:} step on the transaction of the received delivery, so it leaves
 * its lane exactly when its outcomes are stored.
 */
public final class EgressRoutes extends RouteBuilder {

    /** Delivery endpoints, one per transport: {@code direct:caravan-egress-smtp}, {@code ...-relay}. */
    public static final String DELIVER = "direct:caravan-egress-";
    /**
     * The operator's hook before each delivery attempt: a route there may add header fields through
     * {@code caravanHeaders} (for this attempt only), or refuse the attempt by setting {@link #REFUSE}.
     */
    public static final String BEFORE_DELIVERY = "direct:caravan-before-delivery";
    /**
     * Set by a before-delivery hook to an SMTP reply ({@code 550 5.7.1 text}, {@code 451 4.7.1 text}): every
     * recipient gets it as if a receiver had sent it, without a connection; a 4xx defers, a 5xx bounces.
     */
    public static final String REFUSE = "CaravanRefuse";
    private static final String HOOK_FAILED = "caravan.hookFailed";
    private static final String DECISION = "CaravanSourceDecision";
    private static final String CHOICE = "CaravanSourceChoice";
    private static final String TRANSPORT = "CaravanTransport";
    /** What the scheduler reserved for this message, when it fits it (null otherwise). */
    private static final String PERMIT = "caravan.sendPermit";
    /** The delivery's route, read once from its JSON header for the whole exchange. */
    private static final String ROUTE = "CaravanRoute";
    /** The messages an attempt (or a wait) hands on, for the route's split. */
    private static final String HANDOFFS = "caravan.handOffs";
    /** The attempt made, for what follows once its hand-offs are stored. */
    private static final String ATTEMPT = "caravan.attemptMade";
    /**
     * The stage URI a hand-off goes to: the lanes' endpoint (the lane its {@code CaravanLane} names) or a
     * stage queue's; not a Caravan header, so it is not sent on.
     */
    private static final String TARGET = "EgressTarget";
    private static final String TARGET_URI = "${header." + TARGET + "}";

    private final SourceChoice sources;
    private final Deliverer deliverer;
    private final AttemptResults results;
    private final ReplyJudge judge;
    private final Clock clock;
    private final int consumers;
    private final NodeId node;
    private final RegionEvents events;
    private boolean enabled = true;
    private EgressObserver observer = EgressObserver.NONE;
    private SuppressionList suppressions = SuppressionList.none();
    private RefKeys returnPathKeys;
    private String bounceDomain;

    public EgressRoutes(SourceChoice sources, Deliverer deliverer, AttemptResults results, ReplyJudge judge,
                        Clock clock, int consumers, NodeId node, RegionEvents events) {
        this.sources = sources;
        this.deliverer = deliverer;
        this.results = results;
        this.judge = judge;
        this.clock = clock;
        this.consumers = consumers;
        this.node = node;
        this.events = events;
    }

    /** Told of every recipient's fate, for the node's metrics. */
    public EgressRoutes observedBy(EgressObserver observer) {
        this.observer = observer;
        return this;
    }

    /**
     * The region's suppression list, read again before every attempt: a recipient suppressed while its mail
     * waited on a lane bounces then, without a connection, and the others of the delivery go on.
     */
    public EgressRoutes suppressedBy(SuppressionList suppressions) {
        this.suppressions = suppressions;
        return this;
    }

    /**
     * With keys and a domain (not blank), each attempt's MAIL FROM is a VERP return path of that domain
     * ({@link ReturnPath}) naming the message and the source it leaves from; the null sender stays null.
     */
    public EgressRoutes returnPaths(RefKeys keys, String domain) {
        this.returnPathKeys = keys;
        this.bounceDomain = domain == null || domain.isBlank() ? null : domain.strip();
        return this;
    }

    /** Off: the route is declared but not started, so routed mail stays on the delivery queue. */
    public EgressRoutes enabled(boolean on) {
        this.enabled = on;
        return this;
    }

    @Override
    public void configure() {
        // one delivery per transaction: a rollback must never repeat an SMTP transaction another
        // delivery of the batch already made (and batching measured no gain here, docs/PERFORMANCE.md)
        from(Lanes.URI + "?consumers=" + consumers).routeId("egress").autoStartup(enabled)
                .process(this::choose)
                .choice()
                    .when(exchangeProperty(CHOICE).isEqualTo("wait"))
                        .process(this::waitForSource)
                        .split(exchangeProperty(HANDOFFS)).stopOnException()
                            .toD(TARGET_URI)
                        .end()
                        .stop()
                    .endChoice()
                    .when(exchangeProperty(CHOICE).isEqualTo("shifted"))
                        .log(LoggingLevel.INFO, "${header." + Headers.QUEUE_ID + "} shifted to pool "
                                + "${exchangeProperty." + DECISION + ".pool}")
                .end()
                // primary or shifted: the delivery endpoint of its transport
                .toD(DELIVER + "${exchangeProperty." + TRANSPORT + "}");
        for (String transport : List.of("smtp", "relay")) {
            from(DELIVER + transport).routeId("egress-" + transport)
                    .doTry()
                        .to(BEFORE_DELIVERY + "?block=false&failIfNoConsumers=false")
                    .doCatch(Exception.class)
                        .setProperty(HOOK_FAILED, simple("${exception.message}"))
                    .end()
                    .process(this::deliver)
                    // the attempt's outcomes, on the transaction of the delivery: retries back to the lane,
                    // bounces to the bounce queue; none when every recipient was delivered
                    .split(exchangeProperty(HANDOFFS)).stopOnException()
                        .toD(TARGET_URI)
                    .end()
                    .process(this::attempted);
        }
        // what reaches the delivery queue itself (mail an operator released from the hold queue, or queued
        // before lanes existed) joins its lane, behind the mail already waiting there
        from(StageQueue.DELIVERY.consumerUri(1, 1)).routeId("egress-to-lane").autoStartup(enabled)
                .process(this::nameLane)
                .to(Lanes.URI);
    }

    private void nameLane(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(Lanes.HEADER, Lanes.of(route(in)));
    }

    private void choose(Exchange exchange) {
        DeliveryRoute route = route(exchange.getIn());
        LaneTicket<SendPermit> ticket = ticket(exchange);
        SendPermit permit = ticket == null ? null : ticket.take(route, SendPermit::fits);
        SourceChoice.Decision decision = permit != null ? permit.send() : sources.decide(route);
        exchange.setProperty(ROUTE, route);
        exchange.setProperty(DECISION, decision);
        exchange.setProperty(PERMIT, permit);
        exchange.setProperty(TRANSPORT, route.transport());
        exchange.setProperty(CHOICE, decision instanceof SourceChoice.Send send
                ? (send.shifted() ? "shifted" : "primary") : "wait");
    }

    /**
     * Reached only when the lane's reservation did not fit this message (another pool or domain than the
     * message before it) and no source may send now: the message goes back to its lane for that time,
     * and the lane waits with it.
     */
    private void waitForSource(Exchange exchange) {
        SourceChoice.Wait wait = exchange.getProperty(DECISION, SourceChoice.Wait.class);
        String provider = route(exchange).provider();
        String why = "no source of its pools may send to " + provider + " now";
        log.debug("{} waits until {}: {}", exchange.getIn().getHeader(Headers.QUEUE_ID), wait.until(), why);
        later(exchange, wait.until(), why);
        if (events.deliveriesHeard()) {
            Envelope envelope = EnvelopeJson.read(exchange.getIn().getHeader(Headers.ENVELOPE, String.class));
            events.record(AttemptEvents.waiting(node, envelope, provider, wait.until(), clock.instant()));
        }
    }

    /** Back on its lane until {@code at}, unchanged and without counting an attempt; the lane waits too. */
    private void later(Exchange exchange, Instant at, String why) {
        handOffs(exchange, List.of(AttemptResults.later(received(exchange.getIn()), at)));
        LaneTicket<SendPermit> ticket = ticket(exchange);
        if (ticket != null) {
            ticket.holdUntil(at, why);
        }
    }

    @SuppressWarnings("unchecked")
    private static LaneTicket<SendPermit> ticket(Exchange exchange) {
        return exchange.getProperty(Lanes.TICKET, LaneTicket.class);
    }

    /**
     * One delivery attempt, and what follows it per recipient ({@link AttemptResults}): the hand-offs go in
     * {@link #HANDOFFS} for the route to send, the rest in {@link #ATTEMPT} for {@link #attempted}.
     */
    private void deliver(Exchange exchange) throws Exception {
        Instant takenAt = clock.instant();
        long took = System.nanoTime();
        Message in = exchange.getIn();
        SourceChoice.Send send = exchange.getProperty(DECISION, SourceChoice.Send.class);
        EgressSource source = send.source();
        Envelope whole = EnvelopeJson.read(in.getHeader(Headers.ENVELOPE, String.class));
        int attempts = in.getHeader(Headers.ATTEMPTS, 0, Integer.class);
        DeliveryRoute route = route(exchange);
        SendPermit permit = exchange.getProperty(PERMIT, SendPermit.class);
        Reply refusal = HookRefusal.of(in.removeHeader(REFUSE), exchange.getProperty(HOOK_FAILED, String.class));
        List<RecipientOutcome> suppressed = suppressed(whole);
        // the attempt is made for the recipients still allowed; the suppressed ones are answered here
        Envelope envelope = suppressed.isEmpty() ? whole : whole.withRecipients(whole.recipients().stream()
                .filter(r -> suppressed.stream().noneMatch(o -> o.recipient().equals(r))).toList());
        Deliverer.Outcome outcome;
        if (envelope.recipients().isEmpty()) {
            if (permit != null) {
                permit.giveBack(); // nothing went out
            }
            outcome = new Deliverer.Attempted(new DeliveryResult(List.of(), null, TlsInfo.NONE,
                    List.of("every recipient suppressed")));
        } else if (refusal != null) {
            if (permit != null) {
                permit.giveBack(); // nothing went out
            }
            outcome = new Deliverer.Attempted(DeliveryResult.refused(envelope.recipients(), null, refusal,
                    "refused by the before-delivery hook"));
        } else {
            outcome = deliverer.deliver(route, new SmtpSource(source.bindAddress(), source.ehlo()), source.name(),
                    withReturnPath(envelope, source.name()), MessageBody.of(in.getBody()),
                    permit == null ? null : permit.admitted());
        }
        if (outcome instanceof Deliverer.Later later) {
            log.debug("{} waits {}: {}", envelope.queueId(), later.delay(), later.why());
            later(exchange, clock.instant().plus(later.delay()), later.why());
            return;
        }
        DeliveryResult attempted = ((Deliverer.Attempted) outcome).result();
        Map<String, Object> routeHeaders = new LinkedHashMap<>();
        for (String name : AttemptResults.ROUTE_HEADERS) {
            Object value = in.getHeader(name);
            if (value != null) {
                routeHeaders.put(name, value);
            }
        }
        // the operator's refusal is not a receiver's reply: no rule reads it, its class decides (4xx defer, 5xx bounce);
        // nor is a suppression, so the rules read only what the attempt itself got
        ReplyJudge.Judgement judgement = refusal != null || attempted.outcomes().isEmpty() ? null
                : judge.judge(attempted, source.name(), route.provider());
        DeliveryResult result = suppressed.isEmpty() ? attempted : withSuppressed(whole, attempted, suppressed);
        envelope = whole;
        AttemptResults.Plan plan = results.plan(envelope, routeHeaders, attempts, result,
                judgement == null ? Map.of() : judgement.next());
        handOffs(exchange, plan.handoffs());
        exchange.setProperty(ATTEMPT, new Attempt(envelope, send, attempts, result, plan, judgement, takenAt,
                System.nanoTime() - took));
    }

    /** The envelope as it goes out: its reverse path the VERP one when configured (see {@link #returnPaths}). */
    private Envelope withReturnPath(Envelope envelope, String source) {
        String path = bounceDomain == null || returnPathKeys == null ? null
                : ReturnPath.address(envelope, source, bounceDomain, returnPathKeys);
        return path == null ? envelope : new Envelope(envelope.queueId(), path, envelope.recipients(), envelope.ret(),
                envelope.envid(), envelope.smtputf8(), envelope.authUser(), envelope.clientAddress(),
                envelope.clientHelo(), envelope.receivedAt(), envelope.requireTls());
    }

    /** What an attempt was, from {@link #deliver} to {@link #attempted}. */
    private record Attempt(Envelope envelope, SourceChoice.Send send, int attempts, DeliveryResult result,
                           AttemptResults.Plan plan, ReplyJudge.Judgement judgement, Instant takenAt, long tookNanos) {
    }

    /**
     * Once the attempt's outcomes are handed on: its mail log line, what the lane's scheduler learns, the
     * metrics, the delivery events and what the reply rules publish. Nothing when the delivery only waits.
     */
    private void attempted(Exchange exchange) {
        Attempt a = exchange.removeProperty(ATTEMPT) instanceof Attempt attempt ? attempt : null;
        if (a == null) {
            return;
        }
        EgressSource source = a.send().source();
        DeliveryRoute route = route(exchange);
        DeliveryLog.attempt(a.envelope(), source, a.send().pool(), a.attempts() + 1, a.result(), a.plan().fates(),
                a.takenAt(), a.tookNanos());
        LaneTicket<SendPermit> ticket = ticket(exchange);
        if (ticket != null) {
            ticket.sentFrom(source.name());
            a.plan().handoffs().stream().filter(h -> h.headers().containsKey(Headers.LAST_REPLY)).findFirst()
                    .ifPresent(h -> ticket.deferred((String) h.headers().get(Headers.LAST_REPLY)));
        }
        for (AttemptResults.Fate fate : a.plan().fates()) {
            observer.delivery(DeliveryLog.status(fate.status()), route.provider(), a.send().pool(), source.name());
            if (fate.status() == AttemptResults.Fate.Status.FAILED && fate.outcome().remote()
                    && fate.outcome().bounced()) {
                observer.hardBounce(route.provider(), a.send().pool(), source.name());
            }
        }
        if (events.deliveriesHeard()) {
            events.record(AttemptEvents.of(node, a.envelope(), source, a.send().pool(), route.provider(),
                    a.attempts() + 1, a.result(), a.plan().fates(), clock.instant()));
        }
        if (a.judgement() != null) {
            a.judgement().events().forEach(events::publish);
        }
    }

    /**
     * The recipients of {@code envelope} on the suppression list now, each answered as routing would have
     * answered it ({@code 550 5.7.1 recipient suppressed (complaint: abuse)}), a reply written here.
     */
    private List<RecipientOutcome> suppressed(Envelope envelope) {
        List<RecipientOutcome> out = new ArrayList<>();
        for (Recipient r : envelope.recipients()) {
            suppressions.find(envelope.mailFrom(), envelope.authUser(), r.address()).ifPresent(x -> out.add(
                    new RecipientOutcome(r, Reply.of(550, x.bounceStatus(), x.bounceText()), Phase.RCPT, false)));
        }
        return out;
    }

    /** The attempt's result with the suppressed recipients' outcomes added, in the envelope's order. */
    private static DeliveryResult withSuppressed(Envelope whole, DeliveryResult attempted,
                                                 List<RecipientOutcome> suppressed) {
        List<RecipientOutcome> all = new ArrayList<>(attempted.outcomes());
        all.addAll(suppressed);
        List<RecipientOutcome> ordered = new ArrayList<>();
        for (Recipient r : whole.recipients()) {
            for (java.util.Iterator<RecipientOutcome> i = all.iterator(); i.hasNext(); ) {
                RecipientOutcome o = i.next();
                if (o.recipient().equals(r)) {
                    ordered.add(o);
                    i.remove();
                    break;
                }
            }
        }
        ordered.addAll(all); // none expected: every outcome is of one of the envelope's recipients
        return new DeliveryResult(ordered, attempted.target(), attempted.tls(), attempted.attempts(),
                attempted.dnssec(), attempted.setupNanos(), attempted.transmissionNanos(), attempted.tlsa());
    }

    private static DeliveryRoute route(Exchange exchange) {
        DeliveryRoute route = exchange.getProperty(ROUTE, DeliveryRoute.class);
        return route != null ? route : route(exchange.getIn());
    }

    private static DeliveryRoute route(Message in) {
        return Json.read(in.getHeader(Headers.ROUTE, String.class), DeliveryRoute.class);
    }

    /** Caravan's own properties of the received delivery, to send it again unchanged. */
    private static Map<String, Object> received(Message in) {
        Map<String, Object> h = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (name.startsWith("Caravan") && value != null) {
                h.put(name, value);
            }
        });
        return h;
    }

    /**
     * The hand-offs for the route's split: each a message with the delivery's body (the same bytes or spooled
     * file, not a copy) and the hand-off's properties, and in {@link #TARGET} the stage URI it goes to.
     */
    private static void handOffs(Exchange exchange, List<AttemptResults.Handoff> handoffs) {
        List<Message> messages = new ArrayList<>(handoffs.size());
        Object body = exchange.getIn().getBody();
        for (AttemptResults.Handoff h : handoffs) {
            Message m = new DefaultMessage(exchange);
            m.setBody(body);
            m.setHeaders(h.headers());
            m.setHeader(TARGET, Lanes.isLane(h.queue()) ? Lanes.URI : StageComponent.NAME + ":" + h.queue());
            messages.add(m);
        }
        exchange.setProperty(HANDOFFS, messages);
    }
}
