package io.caravan.routing.plan;

import java.util.List;

import io.caravan.routing.mx.MxHost;

/** How one recipient leaves: delivered to a next hop, bounced, deferred, dropped, or held. */
public sealed interface RouteDecision {

    /**
     * Deliver over SMTP.
     *
     * @param transport the transport name (smtp, relay): deliveries of different transports never merge
     * @param nexthop   the nexthop in Postfix syntax, e.g. {@code smtp:example.com} or {@code smtp:[10.0.0.1]:2525}
     * @param port      the TCP port of the hosts
     * @param hosts     the hosts to try in order, with their addresses
     * @param provider  the mailbox provider (ProviderRules: by MX host or recipient domain)
     * @param tls       the recipient domain's TLS requirement: its tls_policy level, with any DANE or
     *                  MTA-STS policy marker appended; recipients whose requirements differ never share a
     *                  delivery, so one session's TLS never has to serve two requirements
     */
    record Deliver(String transport, String nexthop, int port, List<MxHost> hosts, String provider, String tls)
            implements RouteDecision {
        public Deliver {
            hosts = List.copyOf(hosts);
            tls = tls == null ? "" : tls;
        }

        /** Without a TLS requirement: the same for every recipient, as where no tls_policy applies. */
        public Deliver(String transport, String nexthop, int port, List<MxHost> hosts, String provider) {
            this(transport, nexthop, port, hosts, provider, "");
        }
    }

    /** Bounce the recipient now with this RFC 3463 status (5.x.y) and text. */
    record Bounce(String status, String text) implements RouteDecision {
    }

    /** Try again later (4.x.y); nothing is known to be wrong with the address. */
    record Defer(String status, String text) implements RouteDecision {
    }

    /** Accept and drop. */
    record Discard(String text) implements RouteDecision {
    }

    /** Keep for an operator. */
    record Hold(String text) implements RouteDecision {
    }
}
