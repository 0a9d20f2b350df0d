package io.caravan.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message on a stage queue as the queue tool shows it, read from the properties the broker lists for it
 * (Artemis' {@code listMessagesAsJSON}): Caravan's own properties, never the body.
 *
 * @param queue       the broker queue it is on ({@code caravan.delivery}, {@code caravan.delivery.hold},
 *                    {@code caravan.lane.<pool>.<destination>}, ...)
 * @param receivedAt  when ingress accepted it (the envelope's time), so its age counts from the 250
 * @param attempts    failed delivery attempts so far
 * @param lastReply   the reply that sent it back to its queue, or null when none did
 * @param nextAttempt when the broker hands it to its stage again, or null when it is due now
 * @param destination where it goes: the route's provider, else its next hop; {@link #NO_DESTINATION} before
 *                    routing (a message on the incoming stage) or without a readable route
 * @param messageId   the broker's id of this copy (for an operation on it alone), 0 when not listed
 * @param size        the body's octets ({@code CaravanSize}, which every hand-off sets; for a message queued
 *                    without it, the broker's size of a large message), else null
 */
public record QueuedMessage(String queueId, String queue, Instant receivedAt, String sender, List<String> recipients,
                            int attempts, String lastReply, Instant nextAttempt, String destination, long messageId,
                            Long size) {

    public static final String NO_DESTINATION = "-";
    private static final String HOLD_SUFFIX = ".hold";
    private static final String PREFIX = "caravan.";
    private static final String LANE = "lane.";
    /** What routing calls the provider of a delivery it could not name one for (a relay host). */
    private static final String UNNAMED_PROVIDER = "default";

    /** Waiting states, as an operator filters and counts them. */
    public enum State {
        /** due now: its stage takes it as soon as a consumer is free */
        READY,
        /** scheduled for a later attempt (a temporary failure, or a wait for a source) */
        DEFERRED,
        /** on a hold queue: no stage takes it until an operator releases it */
        HELD;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The stage whose queue this is: {@code delivery} for {@code caravan.delivery}, its hold queue and the
     * per-destination lanes ({@code caravan.lane.<pool>.<destination>}) the delivery stage may use.
     */
    public String stage() {
        String name = held() ? queue.substring(0, queue.length() - HOLD_SUFFIX.length()) : queue;
        name = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        return name.startsWith(LANE) ? "delivery" : name;
    }

    /** On a hold queue: no stage consumes it until an operator releases it. */
    public boolean held() {
        return queue.endsWith(HOLD_SUFFIX);
    }

    public State state() {
        return held() ? State.HELD : nextAttempt != null ? State.DEFERRED : State.READY;
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
                text(properties.get(Headers.LAST_REPLY)), millis(properties.get(Headers.SCHEDULED_DELIVERY)),
                destinationOf(properties.get(Headers.ROUTE)),
                properties.get("messageID") instanceof Number id ? id.longValue() : 0,
                properties.get(Headers.SIZE) instanceof Number n ? Long.valueOf(n.longValue())
                        : properties.get("_AMQ_LARGE_SIZE") instanceof Number s ? s.longValue() : null);
    }

    /**
     * Every message of one answer of the broker's {@code listMessagesAsJSON} or {@code listScheduledMessagesAsJSON}
     * (a JSON array of each message's properties).
     */
    public static List<QueuedMessage> fromListing(String queue, String listing) {
        if (listing == null || listing.isBlank()) {
            return List.of();
        }
        try {
            List<Map<String, Object>> listed = Json.MAPPER.readValue(listing, LISTING);
            return listed.stream().map(p -> from(queue, p)).toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable listing of " + queue + ": " + e.getOriginalMessage(), e);
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>> LISTING =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    /**
     * The destination a summary groups by: the provider routing named (a name of providers.yaml, or the
     * registered domain of an unknown provider's MX), else the next hop (the recipient domain, or a transport's host). Read from the route's JSON by name only, so a route
     * with more or fewer fields still yields it.
     */
    static String destinationOf(Object routeJson) {
        if (routeJson == null) {
            return NO_DESTINATION;
        }
        try {
            JsonNode route = Json.MAPPER.readTree(routeJson.toString());
            String provider = route.path("provider").asText("");
            if (!provider.isBlank() && !provider.equals(UNNAMED_PROVIDER)) {
                return provider;
            }
            String nexthop = route.path("nexthop").asText("");
            return nexthop.isBlank() ? NO_DESTINATION : nexthop;
        } catch (Exception unreadable) {
            return NO_DESTINATION; // cut short by the broker's attribute size limit, or not Caravan's
        }
    }

    public QueuedMessage withReceived(Instant at) {
        return new QueuedMessage(queueId, queue, at, sender, recipients, attempts, lastReply, nextAttempt, destination,
                messageId, size);
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
