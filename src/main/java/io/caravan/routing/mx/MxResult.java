package io.caravan.routing.mx;

import java.util.List;

/** What MX resolution decided for a domain: where to connect, or why not now, or why never. */
public sealed interface MxResult {

    /**
     * The hosts to try, in order: by preference, shuffled among equal preferences.
     *
     * @param implicit true when the domain had no MX and its own address is used (RFC 5321 §5.1)
     */
    record Resolved(String domain, List<MxHost> hosts, boolean implicit) implements MxResult {
        public Resolved {
            hosts = List.copyOf(hosts);
        }

        public List<String> hostNames() {
            return hosts.stream().map(MxHost::name).toList();
        }
    }

    /** The domain cannot receive mail: bounce with this RFC 3463 status. */
    record PermanentFailure(String status, String text) implements MxResult {
    }

    /** DNS could not answer now (SERVFAIL, timeout, refused): defer and try again later. */
    record TemporaryFailure(String text) implements MxResult {
    }
}
