package io.caravan.routing.mx;

import java.util.List;

/**
 * What MX resolution decided for a domain: where to connect, or why not now, or why never. Each
 * outcome says what DNSSEC validation made of the answer that decided it; over a resolver that
 * does not validate that is {@link Dnssec#INSECURE} (or {@link Dnssec#INDETERMINATE} for a failure).
 */
public sealed interface MxResult {

    Dnssec dnssec();

    /**
     * The hosts to try, in order: by preference, shuffled among equal preferences.
     *
     * @param implicit true when the domain had no MX and its own address is used (RFC 5321 §5.1)
     * @param dnssec   the state of the MX answer (of its denial for an implicit MX; of the host's
     *                 addresses for a host given without MX lookup)
     */
    record Resolved(String domain, List<MxHost> hosts, boolean implicit, Dnssec dnssec) implements MxResult {
        public Resolved {
            hosts = List.copyOf(hosts);
        }

        public Resolved(String domain, List<MxHost> hosts, boolean implicit) {
            this(domain, hosts, implicit, Dnssec.INSECURE);
        }

        public List<String> hostNames() {
            return hosts.stream().map(MxHost::name).toList();
        }
    }

    /** The domain cannot receive mail: bounce with this RFC 3463 status. */
    record PermanentFailure(String status, String text, Dnssec dnssec) implements MxResult {
        public PermanentFailure(String status, String text) {
            this(status, text, Dnssec.INSECURE);
        }
    }

    /**
     * DNS could not answer now (SERVFAIL, timeout, refused), or a validator found the answer bogus:
     * defer and try again later.
     */
    record TemporaryFailure(String text, Dnssec dnssec) implements MxResult {
        public TemporaryFailure(String text) {
            this(text, Dnssec.INDETERMINATE);
        }
    }
}
