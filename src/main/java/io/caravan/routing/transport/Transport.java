package io.caravan.routing.transport;

import java.util.Locale;

/**
 * What a transport map entry says about a recipient domain: deliver over SMTP (to the domain's
 * MX, to another host's MX, or straight to a host without MX lookup), bounce, defer, drop, or
 * hold. The names and nexthop forms are Postfix's (transport(5)), so operators can carry their
 * tables over unchanged.
 */
public sealed interface Transport {

    int SMTP_PORT = 25;

    /**
     * Deliver over SMTP.
     *
     * @param name      the transport name as written ({@code smtp} or {@code relay}); deliveries
     *                  for different transports never share a connection
     * @param host      the nexthop host or domain; null in a table entry means "the recipient
     *                  domain" and is filled in by {@link TransportMap#lookup}
     * @param port      the TCP port
     * @param mxLookup  true to look up the MX records of {@code host}; false when the host was
     *                  written in brackets, which means "connect to this host's address"
     */
    record Deliver(String name, String host, int port, boolean mxLookup) implements Transport {
        public Deliver {
            name = name.toLowerCase(Locale.ROOT);
            host = host == null ? null : host.toLowerCase(Locale.ROOT);
        }

        /** The nexthop in Postfix syntax, e.g. {@code smtp:[10.0.0.1]:2525} or {@code relay:example.com}. */
        public String nexthop() {
            String h = host == null ? "" : mxLookup ? host : "[" + host + "]";
            return name + ":" + h + (port == SMTP_PORT || host == null ? "" : ":" + port);
        }

        Deliver forDomain(String domain) {
            return host == null ? new Deliver(name, domain, port, true) : this;
        }
    }

    /** Bounce the recipient with this RFC 3463 status (5.x.y) and text ({@code error:}). */
    record Bounce(String status, String text) implements Transport {
    }

    /** Defer the recipient with this status (4.x.y) and text ({@code retry:}, or {@code error:4.x.y}). */
    record Defer(String status, String text) implements Transport {
    }

    /** Accept and drop the recipient ({@code discard:}); the text is logged. */
    record Discard(String text) implements Transport {
    }

    /** Keep the message on hold for an operator ({@code hold:}). */
    record Hold(String text) implements Transport {
    }
}
