package io.caravan.feedback;

import io.caravan.message.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What routing stamps on every message it hands to delivery, so that a complaint or a bounce that comes back
 * later, possibly forwarded by the receiver, finds its queue id, class, pool and sender scope: one header
 * field, put in front of the header section (the body stays byte for byte as it was) and DKIM-signed with
 * the others, so a receiver that returns the original or its headers returns it intact.
 *
 * <pre>X-Caravan-Ref: 0MQ5A7W2K9; class=bulk; pool=bulk-eu; scope=domain:shop.example</pre>
 *
 * @param trafficClass "mixed" when the deliveries of the message have different classes (pool: the same)
 */
public record FeedbackRef(String queueId, String trafficClass, String pool, String scope) {

    public static final String HEADER = "X-Caravan-Ref";

    /** The header field with its CRLF, or null for the null sender (reports and bounces are not stamped). */
    public static byte[] field(Envelope envelope, String trafficClass, String pool) {
        String scope = scopeOf(envelope);
        if (scope == null) {
            return null;
        }
        return (HEADER + ": " + envelope.queueId() + "; class=" + trafficClass + "; pool=" + pool + "; scope="
                + scope + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whose list a recipient of this message is suppressed on: the tenant's if it authenticated, else its domain's. */
    static String scopeOf(Envelope envelope) {
        if (envelope.authUser() != null) {
            return Suppression.tenantScope(envelope.authUser());
        }
        int at = envelope.mailFrom().lastIndexOf('@');
        return at < 0 ? null : Suppression.domainScope(envelope.mailFrom().substring(at + 1));
    }

    /** The field's value parsed; null when it is not one of ours. */
    public static FeedbackRef parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.replace("\r\n", "").strip().split(";");
        String id = parts[0].strip();
        if (id.isEmpty() || id.contains(" ")) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                tags.put(parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT), parts[i].substring(eq + 1).strip());
            }
        }
        String scope = tags.get("scope");
        try {
            scope = scope == null ? null : Suppression.scope(scope);
        } catch (IllegalArgumentException e) {
            scope = null;
        }
        return new FeedbackRef(id, tags.getOrDefault("class", "unknown"), tags.getOrDefault("pool", "unknown"), scope);
    }
}
