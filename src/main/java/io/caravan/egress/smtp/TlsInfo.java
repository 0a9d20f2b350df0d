package io.caravan.egress.smtp;

/**
 * Whether the session that carried the message was encrypted, and how; logged and put in the
 * delivery event so that operators can see which peers refuse TLS.
 *
 * @param verification how the peer was authenticated: "none", "pkix" or "dane"
 */
public record TlsInfo(boolean used, String protocol, String cipher, String verification) {

    public static final TlsInfo NONE = new TlsInfo(false, null, null, "none");
}
