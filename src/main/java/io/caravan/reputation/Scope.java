package io.caravan.reputation;

/**
 * What a provider's reply is about. The scope decides where Caravan reacts: a
 * full mailbox must not move an IP, and an IP rate limit must not be retried on
 * the same IP.
 */
public enum Scope {
    /** One recipient (rate, quota, unknown user): only that recipient waits or bounces. */
    RECIPIENT,
    /** The sending IP (rate limit, reputation): suspend source × provider and shift. */
    SOURCE_IP,
    /** The sender domain's authentication (SPF, DKIM, DMARC): other IPs do not help. */
    SENDER_DOMAIN,
    /** The message content: no IP action. */
    CONTENT,
    /** The sending IP is block-listed: take the source out for the provider. */
    BLOCK,
    /** The connection or server (busy, too many connections): slow down and retry. */
    CONNECTION,
    /** Nothing specific: a temporary failure. */
    TRANSIENT;

    public static Scope parse(String text) {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
