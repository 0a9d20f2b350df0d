package io.caravan.egress.tls;

/**
 * Postfix's TLS security levels for a next hop. {@code may} is opportunistic (cleartext when the
 * peer offers no STARTTLS or the handshake fails); {@code encrypt} requires TLS but trusts any
 * certificate; {@code verify} requires a PKIX-valid certificate naming the MX host; {@code dane}
 * authenticates the peer with DNSSEC-validated TLSA records (RFC 7672), falls back to {@code may}
 * only on a validated denial of TLSA, and defers on anything else, never sending in cleartext.
 */
public enum TlsPolicy {
    NONE, MAY, ENCRYPT, VERIFY, DANE;

    /** Levels where a session without TLS must not carry mail. */
    public boolean mandatory() {
        return this == ENCRYPT || this == VERIFY || this == DANE;
    }
}
