package io.caravan.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.classes.ClassInput;
import io.caravan.routing.classes.ClassRules;
import io.caravan.routing.classes.HeaderFields;
import io.caravan.routing.plan.DeliveryPlan;
import io.caravan.routing.plan.DeliveryPlanner;
import io.caravan.routing.plan.RecipientRouter;
import io.caravan.routing.plan.RouteDecision;
import io.caravan.routing.pools.Region;

/**
 * The routing stage's whole decision for one accepted message, for the Camel processor to call:
 * each recipient's traffic class and route (each distinct domain is routed once per message, so
 * all its recipients see the same next hops), the deliveries that result, and the message bytes
 * to send, without the class override header (it is an instruction to Caravan, not to the
 * receiver). Thread-safe when its parts are.
 */
public final class MessageRouter {

    /** The plan, and the bytes every delivery of this message carries. */
    public record Result(DeliveryPlan plan, byte[] message) {
    }

    private final RecipientRouter recipients;
    private final ClassRules classes;
    private final Region region;
    private final DeliveryPlanner planner;

    public MessageRouter(RecipientRouter recipients, ClassRules classes, Region region, DeliveryPlanner planner) {
        this.recipients = recipients;
        this.classes = classes;
        this.region = region;
        this.planner = planner;
    }

    public Result route(Envelope envelope, byte[] message) {
        HeaderFields headers = HeaderFields.parse(message);
        Map<String, RouteDecision> byDomain = new HashMap<>();
        List<DeliveryPlanner.Routed> routed = new ArrayList<>();
        for (Recipient r : envelope.recipients()) {
            String domain = r.domain();
            String cls = classes.classify(new ClassInput(envelope.mailFrom(), envelope.authUser(), domain, headers))
                    .trafficClass();
            RouteDecision decision = byDomain.computeIfAbsent(domain, recipients::route);
            routed.add(new DeliveryPlanner.Routed(r, cls, decision));
        }
        byte[] outgoing = classes.overrideHeader() == null ? message
                : headers.without(message, classes.overrideHeader());
        return new Result(planner.plan(routed, region), outgoing);
    }
}
