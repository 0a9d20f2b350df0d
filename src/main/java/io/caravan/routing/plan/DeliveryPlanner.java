package io.caravan.routing.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.MxHost;

/**
 * Splits a routed message into deliveries. Recipients go together when one SMTP transaction can
 * carry them: same traffic class, same transport and port, and the same set of MX hosts (two
 * domains hosted by the same servers share a connection, RFC 5321 §3.3 allows up to 100
 * recipients per transaction), and the same provider: a delivery is shaped and its replies are read
 * as that provider's, and domains of different providers can share hosts (a smarthost); and the same TLS
 * requirement: a Google Workspace domain at {@code verify} and another at {@code may} share Google's MX hosts,
 * but one session's TLS cannot be both opportunistic and required. A delivery holds at most {@code maxRecipients}; larger groups are
 * cut in envelope order. Recipients that are not delivered come out as bounces (error:, null MX,
 * NXDOMAIN), defers (DNS trouble, retry:), discards and holds. Pure: no I/O, no clock.
 */
public final class DeliveryPlanner {

    /** @param maxRecipients most recipients in one delivery; RFC 5321 §4.5.3.1.8 requires servers to take 100 */
    public record Settings(int maxRecipients) {
        public Settings {
            if (maxRecipients < 1) {
                throw new IllegalArgumentException("maxRecipients must be at least 1");
            }
        }

        public static Settings defaults() {
            return new Settings(100);
        }
    }

    /** One recipient with its class and routing decision. */
    public record Routed(Recipient recipient, String trafficClass, RouteDecision decision) {
    }

    private record GroupKey(String trafficClass, String transport, int port, Set<String> hostNames, String provider,
                            String tls) {
    }

    private final Settings settings;

    public DeliveryPlanner(Settings settings) {
        this.settings = settings;
    }

    /** Plans with one class for the whole message; {@code decisions} is parallel to the envelope's recipients. */
    public DeliveryPlan plan(Envelope envelope, String trafficClass, List<RouteDecision> decisions, PoolPlan region) {
        if (decisions.size() != envelope.recipients().size()) {
            throw new IllegalArgumentException("one decision per recipient expected");
        }
        List<Routed> routed = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            routed.add(new Routed(envelope.recipients().get(i), trafficClass, decisions.get(i)));
        }
        return plan(routed, region);
    }

    public DeliveryPlan plan(List<Routed> routed, PoolPlan region) {
        Map<GroupKey, List<Routed>> groups = new LinkedHashMap<>();
        List<DeliveryPlan.Outcome> bounces = new ArrayList<>();
        List<DeliveryPlan.Outcome> defers = new ArrayList<>();
        List<DeliveryPlan.Outcome> discards = new ArrayList<>();
        List<DeliveryPlan.Outcome> holds = new ArrayList<>();
        for (Routed r : routed) {
            RouteDecision d = r.decision();
            if (d instanceof RouteDecision.Deliver deliver) {
                Set<String> names = new TreeSet<>();
                deliver.hosts().forEach(h -> names.add(h.name().toLowerCase(Locale.ROOT)));
                groups.computeIfAbsent(new GroupKey(r.trafficClass(), deliver.transport(), deliver.port(), names,
                        deliver.provider(), deliver.tls()), k -> new ArrayList<>()).add(r);
            } else if (d instanceof RouteDecision.Bounce b) {
                bounces.add(new DeliveryPlan.Outcome(r.recipient(), b.status(), b.text()));
            } else if (d instanceof RouteDecision.Defer f) {
                defers.add(new DeliveryPlan.Outcome(r.recipient(), f.status(), f.text()));
            } else if (d instanceof RouteDecision.Discard x) {
                discards.add(new DeliveryPlan.Outcome(r.recipient(), "2.0.0", x.text()));
            } else if (d instanceof RouteDecision.Hold h) {
                holds.add(new DeliveryPlan.Outcome(r.recipient(), "4.0.0", h.text()));
            }
        }
        List<DeliveryPlan.Delivery> deliveries = new ArrayList<>();
        for (List<Routed> group : groups.values()) {
            for (int from = 0; from < group.size(); from += settings.maxRecipients()) {
                deliveries.add(delivery(group.subList(from, Math.min(group.size(), from + settings.maxRecipients())),
                        region));
            }
        }
        return new DeliveryPlan(deliveries, bounces, defers, discards, holds);
    }

    private static DeliveryPlan.Delivery delivery(List<Routed> chunk, PoolPlan region) {
        Routed first = chunk.get(0);
        RouteDecision.Deliver d = (RouteDecision.Deliver) first.decision();
        List<String> pools = region.poolNames(first.trafficClass());
        Set<String> domains = new LinkedHashSet<>();
        List<Recipient> recipients = new ArrayList<>();
        for (Routed r : chunk) {
            domains.add(r.recipient().domain());
            recipients.add(r.recipient());
        }
        List<MxHost> hosts = d.hosts();
        return new DeliveryPlan.Delivery(d.nexthop(), d.transport(), d.port(), hosts, List.copyOf(domains),
                first.trafficClass(), d.provider(), region.name(), pools.get(0),
                pools.subList(1, pools.size()), recipients);
    }
}
