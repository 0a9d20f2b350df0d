package io.caravan.routing;

import io.caravan.broker.Lanes;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.MxHost;
import io.caravan.routing.plan.DeliveryPlan;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a routing plan into the messages the routing stage hands on: one per
 * delivery to its lane (pool × provider), one for all bounced recipients to the
 * bounce queue, one for the deferred recipients back to the incoming queue
 * with a scheduled time, one for held recipients to the hold queue. Each
 * carries the envelope narrowed to its own recipients, so no recipient is
 * sent twice and none is forgotten.
 */
final class Handoff {

    /** What one hand-off is, for the content-based router in {@link RoutingRoutes}. */
    enum Kind { DELIVERY, BOUNCE, DEFER, HOLD }

    /**
     * One message to hand on: what it is (the stage's route sends each kind to its queue, a delivery to
     * the lane its {@link Lanes#HEADER} names), its bytes, and its JMS properties; for a delivery also its
     * route as an object (null otherwise), so the stage need not read back the JSON it just wrote.
     */
    record Outgoing(Kind kind, byte[] body, Map<String, Object> headers, DeliveryRoute route) {
        Outgoing(Kind kind, byte[] body, Map<String, Object> headers) {
            this(kind, body, headers, null);
        }
    }

    private final DeferPolicy deferPolicy;
    private final Clock clock;

    Handoff(DeferPolicy deferPolicy, Clock clock) {
        this.deferPolicy = deferPolicy;
        this.clock = clock;
    }

    /**
     * @param envelopeJson the envelope as it arrived, sent on as it is when a delivery carries all
     *                     its recipients (the common case), instead of writing the same JSON again
     */
    List<Outgoing> plan(Envelope envelope, String envelopeJson, int attempts, MessageRouter.Result result,
                        byte[] original) {
        DeliveryPlan plan = result.plan();
        List<Outgoing> out = new ArrayList<>();
        for (DeliveryPlan.Delivery d : plan.deliveries()) {
            Map<String, Object> h = carriesAll(d.recipients(), envelope.recipients())
                    ? headers(envelope.queueId(), envelopeJson, 0)
                    : headers(d.envelopeFor(envelope), 0);
            DeliveryRoute route = route(d);
            h.put(Headers.ROUTE, Json.write(route));
            h.put(Headers.TRAFFIC_CLASS, route.trafficClass());
            h.put(Headers.POOL, route.pool());
            h.put(Headers.PROVIDER, route.provider());
            h.put(Lanes.HEADER, Lanes.of(route));
            out.add(new Outgoing(Kind.DELIVERY, result.message(), h, route));
        }
        List<DeliveryPlan.Outcome> bounces = new ArrayList<>(plan.bounces());
        if (!plan.defers().isEmpty()) {
            Envelope deferred = envelope.withRecipients(recipients(plan.defers()));
            Optional<Duration> delay = deferPolicy.next(envelope, attempts + 1);
            if (delay.isPresent()) {
                Map<String, Object> h = headers(deferred, attempts + 1);
                h.put(Headers.SCHEDULED_DELIVERY, clock.millis() + delay.get().toMillis());
                out.add(new Outgoing(Kind.DEFER, original, h));
            } else {
                plan.defers().forEach(o -> bounces.add(new DeliveryPlan.Outcome(o.recipient(), "4.4.7",
                        "message expired: " + o.text())));
            }
        }
        if (!bounces.isEmpty()) {
            Map<String, Object> h = headers(envelope.withRecipients(recipients(bounces)), attempts);
            h.put(Headers.OUTCOMES, Json.write(bounces));
            out.add(new Outgoing(Kind.BOUNCE, original, h));
        }
        if (!plan.holds().isEmpty()) {
            Map<String, Object> h = headers(envelope.withRecipients(recipients(plan.holds())), attempts);
            h.put(Headers.OUTCOMES, Json.write(plan.holds()));
            out.add(new Outgoing(Kind.HOLD, original, h));
        }
        return out;
    }

    /**
     * Whether a delivery carries every recipient of the envelope, in order. The plan hands on the
     * envelope's own recipient objects, so identity decides it; a record's equals costs far more on
     * the C1 compiler config/jvm.options chooses, and this runs on the thread a 250 waits on.
     */
    private static boolean carriesAll(List<Recipient> some, List<Recipient> all) {
        if (some.size() != all.size()) {
            return false;
        }
        for (int i = 0; i < all.size(); i++) {
            if (some.get(i) != all.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> headers(Envelope envelope, int attempts) {
        return headers(envelope.queueId(), EnvelopeJson.write(envelope), attempts);
    }

    private static Map<String, Object> headers(String queueId, String envelopeJson, int attempts) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(Headers.QUEUE_ID, queueId);
        h.put(Headers.ENVELOPE, envelopeJson);
        h.put(Headers.ATTEMPTS, attempts);
        return h;
    }

    private static List<Recipient> recipients(List<DeliveryPlan.Outcome> outcomes) {
        return outcomes.stream().map(DeliveryPlan.Outcome::recipient).toList();
    }

    private static DeliveryRoute route(DeliveryPlan.Delivery d) {
        return new DeliveryRoute(d.transport(), d.nexthop(), d.port(), hops(d.hosts()), d.domains(), d.trafficClass(),
                d.provider(), d.region(), d.pool(), d.fallbackPools());
    }

    /** The hosts as a route carries them: names, preferences and addresses as text. */
    static List<DeliveryRoute.Hop> hops(List<MxHost> hosts) {
        List<DeliveryRoute.Hop> hops = new ArrayList<>();
        for (MxHost host : hosts) {
            hops.add(new DeliveryRoute.Hop(host.name(), host.preference(),
                    host.addresses().stream().map(InetAddress::getHostAddress).toList()));
        }
        return hops;
    }
}
