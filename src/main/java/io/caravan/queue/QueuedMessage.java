package io.caravan.queue;

import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message on a stage queue as the queue tool shows it, read from the properties the broker lists for it
 * (Artemis' {@code listMessagesAsJSON}): Caravan's own properties, never the body.
 *
 * @param queue       the broker queue it is on ({@code caravan.delivery}, {@code caravan.delivery.hold}, ...)
 * @param receivedAt  when ingress accepted it (the envelope's time), so its age counts from the 250
 * @param attempts    failed delivery attempts so far
 * @param lastReply   the reply that sent it back to its queue, or null when none did
 * @param nextAttempt when the broker hands it to its stage again, or null when it is due now
 */
public record QueuedMessage(String queueId, String queue, Instant receivedAt, String sender, List<String> recipients,
                            int attempts, String lastReply, Instant nextAttempt) {

    private static final String HOLD_SUFFIX = ".hold";
    private static final String PREFIX = "caravan.";

    /** The stage whose queue this is: {@code delivery} for {@code caravan.delivery} and its hold queue. */
    public String stage() {
        String name = held() ? queue.substring(0, queue.length() - HOLD_SUFFIX.length()) : queue;
        return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    }

    /** On a hold queue: no stage consumes it until an operator releases it. */
    public boolean held() {
        return queue.endsWith(HOLD_SUFFIX);
    }

    /**
     * From one listed message's properties. A message without an envelope (not put there by Caravan) is still
     * listed, by its queue id if it has one, so that nothing on a stage queue is invisible.
     */
    public static QueuedMessage from(String queue, Map<String, Object> properties) {
        Object envelopeJson = properties.get(Headers.ENVELOPE);
        Envelope envelope = envelope(envelopeJson);
        String queueId = text(properties.get(Headers.QUEUE_ID));
        if (queueId == null && envelope != null) {
            queueId = envelope.queueId();
        }
        Instant received = envelope != null && envelope.receivedAt() != null ? envelope.receivedAt()
                : millis(properties.get("timestamp"));
        return new QueuedMessage(queueId == null ? "-" : queueId, queue, received,
                envelope == null ? null : envelope.mailFrom(),
                envelope == null ? List.of() : envelope.recipients().stream().map(Recipient::address).toList(),
                properties.get(Headers.ATTEMPTS) instanceof Number n ? n.intValue() : 0,
                text(properties.get(Headers.LAST_REPLY)), millis(properties.get(Headers.SCHEDULED_DELIVERY)));
    }

    public QueuedMessage withReceived(Instant at) {
        return new QueuedMessage(queueId, queue, at, sender, recipients, attempts, lastReply, nextAttempt);
    }

    /**
     * Null when absent or unreadable: a broker whose management-message-attribute-size-limit is below the
     * envelope's length lists it cut short (config/broker.xml raises the limit for the stage queues).
     */
    private static Envelope envelope(Object json) {
        try {
            return json == null ? null : EnvelopeJson.read(json.toString());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant millis(Object value) {
        return value instanceof Number n && n.longValue() > 0 ? Instant.ofEpochMilli(n.longValue()) : null;
    }
}
