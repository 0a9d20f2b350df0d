package io.caravan.routing.mx;

import java.util.Locale;

/**
 * What DNSSEC validation said of an answer (RFC 4033 §5), as far as the DANE decision needs it:
 * secure (validated from a trust anchor), insecure (provably or simply unsigned, or asked of a
 * resolver that does not validate), bogus (the validator rejected it, or the server failed in a
 * way the validator cannot vouch for), indeterminate (no answer at all: a timeout).
 */
public enum Dnssec {
    SECURE, INSECURE, BOGUS, INDETERMINATE;

    /** The value of the delivery log's {@code dnssec=} field. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
