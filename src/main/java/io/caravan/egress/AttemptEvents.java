package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.NodeId;
import io.caravan.message.Envelope;
import io.caravan.egress.pools.EgressSource;
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
            out.add(DeliveryEvent.about(type(fate.status()), node, envelope, o.recipient().address())
                    .via(source.name(), source.bindAddress().getHostAddress(), pool)
                    .provider(provider)
                    .mx(mx)
                    .reply(o.reply().code(), o.reply().enhanced(), o.reply().text())
                    .tls(tls)
                    .attempt(attempt)
                    .retryAt(fate.retryAt())
                    .at(now));
        }
        return out;
    }

    /** A delivery that waits, unattempted, because no source of its pools may send to the provider now. */
    static List<DeliveryEvent> waiting(NodeId node, Envelope envelope, String provider, Instant until, Instant now) {
        String why = "no egress source may send to " + provider + " now";
        return envelope.recipients().stream()
                .map(r -> DeliveryEvent.about(DeliveryEvent.DEFERRED, node, envelope, r.address())
                        .provider(provider)
                        .reply(null, null, why)
                        .retryAt(until)
                        .at(now))
                .toList();
    }

    private static String type(AttemptResults.Fate.Status status) {
        return switch (status) {
            case DELIVERED -> DeliveryEvent.DELIVERED;
            case DEFERRED -> DeliveryEvent.DEFERRED;
            case FAILED -> DeliveryEvent.FAILED;
        };
    }
}
