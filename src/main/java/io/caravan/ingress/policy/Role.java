package io.caravan.ingress.policy;

/**
 * What a listener is for. An {@code mx} listener takes mail for the accepted
 * domains from anyone and relays elsewhere only for authenticated users and
 * trusted networks; a {@code submission} listener serves authenticated users
 * only (RFC 6409), so it asks for AUTH before MAIL.
 */
public enum Role {
    MX, SUBMISSION;

    public static Role parse(String text) {
        return Role.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
