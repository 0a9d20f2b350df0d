package io.caravan.feedback;

import io.caravan.message.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What routing stamps on every message it hands to delivery, so that a complaint or a bounce that comes back
 * later, possibly forwarded by the receiver, finds its queue id, class, pool and sender scope: one header
 * field, put in front of the header section (the body stays byte for byte as it was) and DKIM-signed with
 * the others, so a receiver that returns the original or its headers returns it intact.
 *
 * <p>The field's value is opaque: the five values sealed with the node's {@link RefKeys} (encrypted and
 * authenticated), in base64url, folded after every {@value #FOLD} characters.
 *
 * <pre>X-Caravan-Ref: rR0Vn1mA2Yk4dGqN8uPz3wXyT5cB6eHjKlM9oQsUvW...</pre>
 *
 * A receiver learns from it only that the message carries such a reference; a report whose field does not
 * open with the node's keys (altered, made up, or sealed by another region) matches nothing.
 *
 * @param trafficClass "mixed" when the deliveries of the message have different classes (pool and provider: the
 *                     same)
 * @param provider     the mailbox provider routing found for the deliveries (by their MX hosts or recipient
 *                     domain, as egress counts them); null in a reference sealed before it carried one
 */
public record FeedbackRef(String queueId, String trafficClass, String pool, String scope, String provider) {

    /** What a reference of several providers' deliveries says instead of one (class and pool as well). */
    public static final String MIXED = "mixed";

    /** A reference without a provider, as one sealed before references carried it. */
    public FeedbackRef(String queueId, String trafficClass, String pool, String scope) {
        this(queueId, trafficClass, pool, scope, null);
    }

    public static final String HEADER = "X-Caravan-Ref";
    /** The first byte of a sealed header reference, so a token made for another use does not open as one. */
    private static final byte KIND = 'H';
    private static final int FOLD = 64;

    /** The header field with its CRLF, or null for the null sender (reports and bounces are not stamped). */
    public static byte[] field(Envelope envelope, String trafficClass, String pool, String provider, RefKeys keys) {
        String scope = scopeOf(envelope);
        if (scope == null) {
            return null;
        }
        String token = new FeedbackRef(envelope.queueId(), trafficClass, pool, scope, provider).seal(keys);
        StringBuilder out = new StringBuilder(HEADER).append(": ");
        for (int i = 0; i < token.length(); i += FOLD) {
            out.append(i == 0 ? "" : "\r\n ").append(token, i, Math.min(token.length(), i + FOLD));
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The reference sealed, as the field's value before folding. */
    String seal(RefKeys keys) {
        // the provider last, so a reference of four values (sealed before it was added) still opens
        String plain = (char) KIND + queueId + "\n" + trafficClass + "\n" + pool + "\n" + scope
                + (provider == null ? "" : "\n" + provider);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.seal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whose list a recipient of this message is suppressed on: the tenant's if it authenticated, else its domain's. */
    static String scopeOf(Envelope envelope) {
        if (envelope.authUser() != null) {
            return Suppression.tenantScope(envelope.authUser());
        }
        int at = envelope.mailFrom().lastIndexOf('@');
        return at < 0 ? null : Suppression.domainScope(envelope.mailFrom().substring(at + 1));
    }

    /** The provider of every delivery of the message, or null when they had several or the reference names none. */
    public String singleProvider() {
        return provider == null || provider.equals(MIXED) ? null : provider;
    }

    /** The field's value opened; null when it is not one the keys sealed. */
    public static FeedbackRef parse(String value, RefKeys keys) {
        if (value == null || keys == null) {
            return null;
        }
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] plain = keys.open(token);
        if (plain == null || plain.length == 0 || plain[0] != KIND) {
            return null;
        }
        String[] parts = new String(plain, 1, plain.length - 1, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4 && parts.length != 5) {
            return null;
        }
        String scope;
        try {
            scope = Suppression.scope(parts[3]);
        } catch (IllegalArgumentException e) {
            scope = null;
        }
        return new FeedbackRef(parts[0], parts[1], parts[2], scope, parts.length == 5 ? parts[4] : null);
    }
}
