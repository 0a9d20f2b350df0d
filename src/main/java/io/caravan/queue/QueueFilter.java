package io.caravan.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which queued messages a command shows or acts on, as {@code queue list} and {@code queue flush} take it
 * from their options. Every part is optional; a message must match all that are given.
 *
 * @param destination the destination exactly (provider or next hop, {@link QueuedMessage#destination}),
 *                    case aside; {@code -} for messages not routed yet
 * @param sender      part of the envelope sender, case aside; {@code <>} for the null sender only
 * @param olderThan   at least this old (from acceptance)
 * @param state       ready, deferred or held
 */
public record QueueFilter(String destination, String sender, Duration olderThan, QueuedMessage.State state) {

    public static final QueueFilter ALL = new QueueFilter(null, null, null, null);

    public Predicate<QueuedMessage> at(Instant now) {
        return m -> matches(m, now);
    }

    public boolean matches(QueuedMessage m, Instant now) {
        if (destination != null && !destination.equalsIgnoreCase(m.destination())) {
            return false;
        }
        if (sender != null && !senderMatches(m.sender())) {
            return false;
        }
        if (olderThan != null && (m.receivedAt() == null
                || Duration.between(m.receivedAt(), now).compareTo(olderThan) < 0)) {
            return false;
        }
        return state == null || state == m.state();
    }

    private boolean senderMatches(String actual) {
        if (actual == null) {
            return false;
        }
        if (sender.equals("<>")) {
            return actual.isEmpty();
        }
        return actual.toLowerCase(Locale.ROOT).contains(sender.toLowerCase(Locale.ROOT));
    }

    /** A state as the operator names it; "waiting" is the same as "deferred". */
    public static QueuedMessage.State state(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "ready", "active" -> QueuedMessage.State.READY;
            case "deferred", "waiting", "scheduled" -> QueuedMessage.State.DEFERRED;
            case "held", "hold" -> QueuedMessage.State.HELD;
            default -> throw new IllegalArgumentException("not a state: '" + text
                    + "' (ready, deferred or held)");
        };
    }
}
