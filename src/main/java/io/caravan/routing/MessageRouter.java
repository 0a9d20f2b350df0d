package io.caravan.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caravan.dkim.DkimSigner;
import io.caravan.feedback.FeedbackRef;
import io.caravan.feedback.RefKeys;
import io.caravan.feedback.SuppressionList;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.message.Recipient;
import io.caravan.routing.classes.ClassInput;
import io.caravan.routing.classes.ClassRules;
import io.caravan.routing.classes.HeaderFields;
import io.caravan.routing.plan.DeliveryPlan;
import io.caravan.routing.plan.DeliveryPlanner;
import io.caravan.routing.plan.PoolPlan;
import io.caravan.routing.plan.RecipientRouter;
import io.caravan.routing.plan.RouteDecision;

/**
 * The routing stage's whole decision for one accepted message, for the Camel processor to call:
 * each recipient's traffic class and route (each distinct domain is routed once per message, so
 * all its recipients see the same next hops), the deliveries that result, and the message bytes
 * to send, without the class override header (it is an instruction to Caravan, not to the
 * receiver), stamped with the {@link FeedbackRef} that complaints and bounces are matched by (when configured) and
 * DKIM-signed when
 * there is a delivery (once, here, so that every attempt sends the same bytes). A recipient on the suppression list bounces at once. Thread-safe when its parts are.
 */
public final class MessageRouter {

    /** The plan, and the bytes every delivery of this message carries. */
    public record Result(DeliveryPlan plan, byte[] message) {
    }

    private final RecipientRouter recipients;
    private final ClassRules classes;
    private final PoolPlan region;
    private final DeliveryPlanner planner;
    private final DkimSigner signer;
    private final SuppressionList suppressions;
    private final RefKeys refKeys;

    public MessageRouter(RecipientRouter recipients, ClassRules classes, PoolPlan region, DeliveryPlanner planner) {
        this(recipients, classes, region, planner, DkimSigner.none(), SuppressionList.none(), null);
    }

    public MessageRouter(RecipientRouter recipients, ClassRules classes, PoolPlan region, DeliveryPlanner planner,
                         DkimSigner signer, SuppressionList suppressions, RefKeys refKeys) {
        this.recipients = recipients;
        this.classes = classes;
        this.region = region;
        this.planner = planner;
        this.signer = signer;
        this.suppressions = suppressions;
        this.refKeys = refKeys;
    }

    /** How each recipient domain leaves: also asked for a next hop the routing hook chose. */
    public RecipientRouter recipients() {
        return recipients;
    }

    public Result route(Envelope envelope, byte[] message) {
        return route(envelope, message, null);
    }

    /**
     * @param spooled the whole message when {@code message} is only its header section (a spooled body):
     *                the signer streams the body from it
     */
    public Result route(Envelope envelope, byte[] message, MessageBody spooled) {
        HeaderFields headers = HeaderFields.parse(message);
        Map<String, RouteDecision> byDomain = new HashMap<>();
        List<DeliveryPlanner.Routed> routed = new ArrayList<>();
        for (Recipient r : envelope.recipients()) {
            String domain = r.domain();
            String cls = classes.classify(new ClassInput(envelope.mailFrom(), envelope.authUser(), domain, headers))
                    .trafficClass();
            RouteDecision decision = suppressions.find(envelope.mailFrom(), envelope.authUser(), r.address())
                    .<RouteDecision>map(x -> new RouteDecision.Bounce(x.bounceStatus(), x.bounceText()))
                    .orElseGet(() -> byDomain.computeIfAbsent(domain, recipients::route));
            routed.add(new DeliveryPlanner.Routed(r, cls, decision));
        }
        byte[] outgoing = classes.overrideHeader() == null ? message
                : headers.without(message, classes.overrideHeader());
        DeliveryPlan plan = planner.plan(routed, region);
        if (!plan.deliveries().isEmpty()) {
            outgoing = refKeys != null ? stamped(envelope, plan, outgoing, refKeys) : outgoing;
            outgoing = spooled == null ? signer.sign(envelope, outgoing)
                    : signer.signHead(envelope, outgoing, () -> bodyOf(spooled, message.length));
        }
        return new Result(plan, outgoing);
    }

    /** The message with the {@link FeedbackRef} field in front, by which reports about it find it again. */
    private static byte[] stamped(Envelope envelope, DeliveryPlan plan, byte[] message, RefKeys keys) {
        List<String> classes = plan.deliveries().stream().map(DeliveryPlan.Delivery::trafficClass).distinct().toList();
        List<String> pools = plan.deliveries().stream().map(DeliveryPlan.Delivery::pool).distinct().toList();
        List<String> providers = plan.deliveries().stream().map(DeliveryPlan.Delivery::provider).distinct().toList();
        byte[] field = FeedbackRef.field(envelope, one(classes), one(pools), one(providers), keys);
        if (field == null) {
            return message;
        }
        byte[] out = java.util.Arrays.copyOf(field, field.length + message.length);
        System.arraycopy(message, 0, out, field.length, message.length);
        return out;
    }

    private static String one(List<String> values) {
        return values.size() == 1 ? values.get(0) : FeedbackRef.MIXED;
    }

    private static java.io.InputStream bodyOf(MessageBody whole, int headLength) throws java.io.IOException {
        java.io.InputStream in = whole.open();
        in.skipNBytes(headLength);
        return in;
    }
}
