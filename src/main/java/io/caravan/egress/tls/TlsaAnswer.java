package io.caravan.egress.tls;

import java.util.List;

/**
 * What a DNSSEC-validated TLSA lookup said, reduced to what the delivery decision needs
 * (RFC 7672 §2.2): usable records demand DANE; a validated denial or an unsigned zone means
 * no DANE (opportunistic TLS); a bogus or failed lookup means the mail waits.
 */
public sealed interface TlsaAnswer {

    /** Validated TLSA records. */
    record Secure(List<Tlsa> records) implements TlsaAnswer {
        public Secure {
            records = List.copyOf(records);
        }
    }

    /** Validated NXDOMAIN or NODATA: the domain says it has no TLSA. */
    record Denied() implements TlsaAnswer {
    }

    /** The answer (or its absence) is not signed: there is no DANE to apply. */
    record Insecure() implements TlsaAnswer {
    }

    /** Bogus, SERVFAIL or timeout: the policy cannot be known, so delivery defers. */
    record Failed(String reason) implements TlsaAnswer {
    }
}
