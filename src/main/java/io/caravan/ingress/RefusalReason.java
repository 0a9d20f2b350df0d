package io.caravan.ingress;

import io.caravan.ingress.guard.AcceptanceGate;
import io.caravan.ingress.guard.MessageRateLimiter;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.smtp.Reply;
import java.util.Map;

/**
 * Why ingress refused a message, read from the reply it sent: the label of the refusal counter. Only the
 * replies that refuse mail by policy or for want of resources count (at MAIL, RCPT, or the end of the data);
 * a syntax error or a command out of sequence refuses no message, and a connection turned away by a guard
 * before any SMTP is not a message either. The set is closed, so the counter's labels are bounded.
 */
public enum RefusalReason {
    RELAY("relay"),
    AUTH_REQUIRED("auth_required"),
    SIZE("size"),
    RECIPIENTS("recipients"),
    RATE("rate"),
    BROKER("broker"),
    STORAGE("storage"),
    CONTENT("content"),
    STORE_FAILED("store_failed"),
    DRAINING("draining");

    private static final Map<Reply, RefusalReason> FIXED = Map.ofEntries(
            Map.entry(ServerReplies.RELAY_DENIED, RELAY),
            Map.entry(ServerReplies.AUTH_REQUIRED, AUTH_REQUIRED),
            Map.entry(ServerReplies.TOO_BIG, SIZE),
            Map.entry(ServerReplies.TOO_MANY_RECIPIENTS, RECIPIENTS),
            Map.entry(MessageRateLimiter.RATE_EXCEEDED, RATE),
            Map.entry(ServerReplies.NO_STORAGE, STORAGE),
            Map.entry(ServerReplies.NO_MEMORY, STORAGE),
            Map.entry(ServerReplies.BARE_LINE_ENDING_DATA, CONTENT),
            Map.entry(ServerReplies.DATA_LINE_TOO_LONG, CONTENT),
            Map.entry(ServerReplies.EMPTY_MESSAGE, CONTENT),
            Map.entry(ServerReplies.STORE_FAILED, STORE_FAILED),
            Map.entry(ServerReplies.LOCAL_ERROR, STORE_FAILED),
            Map.entry(ServerReplies.SHUTTING_DOWN, DRAINING));

    private final String label;

    RefusalReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason a reply refuses a message for, or null when it refuses none. */
    public static RefusalReason of(Reply reply) {
        RefusalReason fixed = FIXED.get(reply);
        if (fixed != null) {
            return fixed;
        }
        // the acceptance gate's replies carry the phase's code (421 at connect, 452 at MAIL)
        if ("4.3.1".equals(reply.enhanced()) && reply.lines().size() == 1) {
            String text = reply.lines().get(0);
            if (AcceptanceGate.QUEUE.equals(text)) {
                return BROKER;
            }
            if (AcceptanceGate.STORAGE.equals(text)) {
                return STORAGE;
            }
        }
        return null;
    }
}
