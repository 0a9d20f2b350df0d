package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.NodeId;
import io.caravan.message.Envelope;
import io.caravan.routing.pools.EgressSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The delivery events of one attempt: one per recipient, with the same facts as the delivery log line. */
final class AttemptEvents {

    private AttemptEvents() {
    }

    static List<DeliveryEvent> of(NodeId node, Envelope envelope, EgressSource source, String pool, String provider,
                                  int attempt, DeliveryResult result, List<AttemptResults.Fate> fates, Instant now) {
        String mx = result.target() == null ? null : result.target().toString();
        String tls = DeliveryLog.tls(result.tls());
        List<DeliveryEvent> out = new ArrayList<>(fates.size());
        for (AttemptResults.Fate fate : fates) {
            RecipientOutcome o = fate.outcome();
            out.add(new DeliveryEvent(type(fate.status()), node.region(), node.node(), envelope.queueId(),
                    envelope.mailFrom(), o.recipient().address(), source.name(), source.bindAddress().getHostAddress(),
                    pool, provider, mx, o.reply().code(), o.reply().enhanced(), o.reply().text(), tls, attempt,
                    fate.retryAt() == null ? null : fate.retryAt().toString(), null, now.toString()));
        }
        return out;
    }

    /** A delivery that waits, unattempted, because no source of its pools may send to the provider now. */
    static List<DeliveryEvent> waiting(NodeId node, Envelope envelope, String provider, Instant until, Instant now) {
        String why = "no egress source may send to " + provider + " now";
        return envelope.recipients().stream().map(r -> new DeliveryEvent(DeliveryEvent.DEFERRED, node.region(),
                node.node(), envelope.queueId(), envelope.mailFrom(), r.address(), null, null, null, provider, null,
                null, null, why, null, 0, until.toString(), null, now.toString())).toList();
    }

    private static String type(AttemptResults.Fate.Status status) {
        return switch (status) {
            case DELIVERED -> DeliveryEvent.DELIVERED;
            case DEFERRED -> DeliveryEvent.DEFERRED;
            case FAILED -> DeliveryEvent.FAILED;
        };
    }
}
