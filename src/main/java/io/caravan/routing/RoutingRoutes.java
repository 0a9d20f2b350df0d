package io.caravan.routing;

import io.caravan.broker.StageQueue;
import io.caravan.broker.Lanes;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.MessageBody;
import io.caravan.routing.plan.RouteDecision;
import io.caravan.routing.transport.Transport;
import io.caravan.routing.transport.TransportMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing stage: each accepted message is planned (class, next hop, pool
 * per recipient) by plain policy ({@link MessageRouter}, {@link Handoff}), split into its
 * hand-offs, and a content-based router on their kind sends each where it belongs:
 * deliveries pass the operator's hook and go to their lane; deferrals back to the
 * incoming queue, scheduled; bounces to the bounce queue; holds to the hold queue.
 * Every send is a {@code stage:} step on the transaction of the incoming message, so the
 * message leaves the incoming queue exactly when all its hand-offs are stored.
 *
 * <p>The hook {@value #HOOK} is published for operator routes (YAML or Java):
 * a route consuming it may set {@code CaravanClass}, {@code CaravanPool} or {@value #NEXT_HOP} on a
 * delivery to override the decision. Without such a route, it does nothing.
 *
 * <p>Ingress stores what it accepts through {@value #ACCEPTED}, where a message is routed at once
 * when that needs nothing routing may wait for: one delivery, every answer in the DNS cache, no
 * operator hook (the operator's code never runs before a 250). It then goes straight to the delivery
 * queue, one durable hand-off fewer (docs/PERFORMANCE.md); anything else goes to the incoming queue as
 * it came, and this stage routes it there.
 */
public final class RoutingRoutes extends RouteBuilder {

    public static final String HOOK = "direct:caravan-routing-hook";
    /**
     * Set by a routing hook route to a next hop in the transport table's syntax ({@code [host]:port},
     * {@code host:port}, {@code relay:host}): the delivery leaves through it, on that next hop's lane.
     */
    public static final String NEXT_HOP = "CaravanNextHop";
    /**
     * The operator's hook on every accepted message, in the stage, after the client's 250 and before it is
     * routed: a route there may add or change header fields through {@code caravanHeaders}.
     */
    public static final String ACCEPTED_HOOK = "direct:caravan-accepted-hook";
    /** Where ingress hands each accepted message, to be stored routed or as it came. */
    public static final String ACCEPTED = "direct:caravan-accepted";
    private static final Logger LOG = LoggerFactory.getLogger(RoutingRoutes.class);
    /** What a hand-off is, for the content-based router; not a Caravan property, so never sent on. */
    private static final String KIND = "RoutingHandoff";
    /** The planned hand-off as an object, for this stage only: not a Caravan property, so never sent on. */
    private static final String PLANNED = "routing.plannedRoute";
    /** Set on an accepted exchange that was routed at once, so it goes to the delivery queue. */
    private static final String ROUTED = "routing.atAcceptance";
    /**
     * Commits a routing consumer sends in a row without waiting for the broker's answer. Routing acts
     * only inside the broker, so a lost commit just routes its batch again; the bound only keeps a
     * consumer from running on for long on a connection that is gone.
     */
    private static final int RUN_AHEAD = 16;

    private final RoutingConfig config;
    private final Handoff handoff;
    private final int consumers;
    private final int batch;

    public RoutingRoutes(RoutingConfig config, DeferPolicy deferPolicy, java.time.Clock clock, int consumers,
                         int batch) {
        this.config = config;
        this.handoff = new Handoff(deferPolicy, clock);
        this.consumers = consumers;
        this.batch = batch;
    }

    @Override
    public void configure() {
        DirectEndpoint hook = getContext().getEndpoint(HOOK + "?block=false", DirectEndpoint.class);
        DirectEndpoint acceptedHook = getContext().getEndpoint(ACCEPTED_HOOK + "?block=false", DirectEndpoint.class);
        from(ACCEPTED).routeId("routing-at-acceptance")
                .process(exchange -> routeAtOnce(exchange, hook, acceptedHook))
                .choice()
                    .when(exchangeProperty(ROUTED).isEqualTo(true))
                        .to(Lanes.URI)
                    .otherwise()
                        .to(StageQueue.INCOMING.producerUri())
                .end();
        // each hand-off is a step of the stage's transaction: the stage: producer sends on the consumer's
        // session, so the message leaves caravan.incoming exactly when all its hand-offs are stored
        from(StageQueue.INCOMING.consumerUri(consumers, batch, RUN_AHEAD)).routeId("routing")
                .to(ACCEPTED_HOOK + "?block=false&failIfNoConsumers=false")
                .process(this::plan)
                .split(body()).stopOnException()
                    .choice()
                        .when(header(KIND).isEqualTo(Handoff.Kind.DELIVERY.name()))
                            .to(HOOK + "?block=false&failIfNoConsumers=false")
                            .process(this::applyOverride)
                            .to(Lanes.URI)
                        .when(header(KIND).isEqualTo(Handoff.Kind.DEFER.name()))
                            .to(StageQueue.INCOMING.producerUri())
                        .when(header(KIND).isEqualTo(Handoff.Kind.BOUNCE.name()))
                            .to(StageQueue.BOUNCE.producerUri())
                        .when(header(KIND).isEqualTo(Handoff.Kind.HOLD.name()))
                            .to(StageQueue.INCOMING.holdProducerUri())
                        .otherwise()
                            .throwException(IllegalStateException.class, "no route for hand-off ${header." + KIND + "}")
                    .end()
                .end();
    }

    /**
     * Routes an accepted message in place when its whole plan is one delivery, decided from what is
     * known already; leaves it as it came otherwise, for the stage. Whatever goes wrong here also
     * leaves it for the stage, which retries, holds, or reports it as it does every message.
     */
    private void routeAtOnce(Exchange exchange, DirectEndpoint hook, DirectEndpoint acceptedHook)
            throws InterruptedException {
        if (hook.getConsumer() != null || acceptedHook.getConsumer() != null) {
            return; // an operator's route is on a hook: it runs in the stage, after the 250
        }
        Message in = exchange.getIn();
        if (in.getBody() instanceof MessageBody) {
            return; // a large message, spooled: it goes to the incoming queue as it came, streamed
        }
        try {
            String envelopeJson = in.getHeader(Headers.ENVELOPE, String.class);
            Envelope envelope = EnvelopeJson.read(envelopeJson,
                    exchange.getProperty(EnvelopeJson.WRITTEN, EnvelopeJson.Written.class));
            byte[] body = in.getMandatoryBody(byte[].class);
            MessageRouter.Result result = config.atAcceptance().route(envelope, body);
            if (!result.plan().discards().isEmpty()) {
                return; // the stage logs them
            }
            List<Handoff.Outgoing> out = handoff.plan(envelope, envelopeJson, 0, result, body);
            if (out.size() == 1 && out.get(0).kind() == Handoff.Kind.DELIVERY) {
                in.setBody(out.get(0).body());
                in.setHeaders(new LinkedHashMap<>(out.get(0).headers()));
                exchange.setProperty(ROUTED, true);
            }
        } catch (InvalidPayloadException | RuntimeException e) {
            LOG.debug("{}: left for the routing stage: {}", in.getHeader(Headers.QUEUE_ID), e.toString());
        }
    }

    private void plan(Exchange exchange) throws InvalidPayloadException {
        Message in = exchange.getIn();
        String envelopeJson = in.getHeader(Headers.ENVELOPE, String.class);
        Envelope envelope = EnvelopeJson.read(envelopeJson);
        // a spooled body is routed on its header section; its hand-offs carry the file, not a copy
        MessageBody.Spooled spooled = in.getBody() instanceof MessageBody.Spooled s ? s : null;
        byte[] body = spooled != null ? head(spooled) : in.getMandatoryBody(byte[].class);
        int attempts = in.getHeader(Headers.ATTEMPTS, 0, Integer.class);
        MessageRouter.Result result = config.router().route(envelope, body, spooled);
        Object outgoing = spooled == null || result.message() == body ? spooled
                : spooled.withHead(body.length, result.message()); // the override header taken out
        result.plan().discards().forEach(d ->
                LOG.info("{} <{}> discarded: {}", envelope.queueId(), d.recipient().address(), d.text()));
        List<Message> parts = new ArrayList<>();
        for (Handoff.Outgoing o : handoff.plan(envelope, envelopeJson, attempts, result, body)) {
            Message part = new DefaultMessage(exchange);
            part.setBody(spooled == null ? o.body() : o.body() == body ? spooled : outgoing);
            part.setHeaders(new LinkedHashMap<>(o.headers()));
            part.setHeader(KIND, o.kind().name());
            if (o.route() != null) {
                part.setHeader(PLANNED, o);
            }
            parts.add(part);
        }
        in.setBody(parts);
    }

    /**
     * Re-derives the pools when the hook changed the class, or takes the pool it named; takes the next hop it
     * named. The lane follows the route as changed.
     */
    private void applyOverride(Exchange exchange) {
        Message m = exchange.getIn();
        Handoff.Outgoing planned = m.getHeader(PLANNED, Handoff.Outgoing.class);
        String routeJson = m.getHeader(Headers.ROUTE, String.class);
        DeliveryRoute route = planned != null && planned.headers().get(Headers.ROUTE).equals(routeJson)
                ? planned.route()
                : Json.read(routeJson, DeliveryRoute.class); // the hook replaced the route itself
        DeliveryRoute hopped = nextHop(m, route);
        String wantedClass = m.getHeader(Headers.TRAFFIC_CLASS, route.trafficClass(), String.class);
        String wantedPool = m.getHeader(Headers.POOL, route.pool(), String.class);
        if (hopped == route && wantedClass.equals(route.trafficClass()) && wantedPool.equals(route.pool())) {
            // the hook changed nothing (or there is no hook): the planned route stands as written
            m.setHeader(Headers.TRAFFIC_CLASS, route.trafficClass());
            m.setHeader(Headers.POOL, route.pool());
            if (planned == null || route != planned.route()) {
                m.setHeader(Lanes.HEADER, Lanes.of(route)); // the hook's own route: its own lane
            }
            return;
        }
        DeliveryRoute changed = hopped;
        if (!wantedClass.equals(route.trafficClass()) && config.region().servesClass(wantedClass)) {
            List<String> pools = config.region().poolNames(wantedClass);
            changed = hopped.withClassAndPools(wantedClass, pools.get(0), pools.subList(1, pools.size()));
        } else if (!wantedPool.equals(route.pool()) && config.region().hasPool(wantedPool)) {
            List<String> fallbacks = new ArrayList<>(route.fallbackPools());
            fallbacks.remove(wantedPool);
            changed = hopped.withClassAndPools(route.trafficClass(), wantedPool, fallbacks);
        } else if (!wantedClass.equals(route.trafficClass()) || !wantedPool.equals(route.pool())) {
            LOG.warn("{}: routing hook asked for class {} / pool {}, which region {} does not have; kept {} / {}",
                    m.getHeader(Headers.QUEUE_ID), wantedClass, wantedPool, config.region().name(),
                    route.trafficClass(), route.pool());
        }
        m.setHeader(Headers.ROUTE, Json.write(changed));
        m.setHeader(Headers.TRAFFIC_CLASS, changed.trafficClass());
        m.setHeader(Headers.POOL, changed.pool());
        m.setHeader(Lanes.HEADER, Lanes.of(changed)); // another pool or next hop is another lane
    }

    /**
     * The route through the next hop the hook named in {@value #NEXT_HOP}, resolved as a transport table
     * entry naming it would be; {@code route} itself when the hook named none, the same one, or one that is
     * not a next hop or does not resolve now (logged). The header does not travel on.
     */
    private DeliveryRoute nextHop(Message m, DeliveryRoute route) {
        Object value = m.removeHeader(NEXT_HOP);
        if (value == null || value.toString().isBlank()) {
            return route;
        }
        Transport.Deliver hop;
        try {
            hop = TransportMap.nextHop(value.toString());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: routing hook asked for next hop \"{}\", which is no next hop ({}); kept {}",
                    m.getHeader(Headers.QUEUE_ID), value, e.getMessage(), route.nexthop());
            return route;
        }
        if (hop.nexthop().equals(route.nexthop())) {
            return route;
        }
        String domain = route.domains().isEmpty() ? hop.host() : route.domains().get(0);
        RouteDecision decision = config.router().recipients().routeVia(domain, hop);
        if (!(decision instanceof RouteDecision.Deliver d)) {
            String why = decision instanceof RouteDecision.Defer f ? f.text() : decision.toString();
            LOG.warn("{}: routing hook asked for next hop {}, which does not resolve now ({}); kept {}",
                    m.getHeader(Headers.QUEUE_ID), hop.nexthop(), why, route.nexthop());
            return route;
        }
        return route.withNextHop(d.transport(), d.nexthop(), d.port(), Handoff.hops(d.hosts()), d.provider());
    }

    private static byte[] head(MessageBody.Spooled body) {
        try {
            return body.head(MessageBody.HEAD_LIMIT);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the spooled message " + body.file(), e);
        }
    }
}
