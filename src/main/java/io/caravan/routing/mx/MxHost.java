package io.caravan.routing.mx;

import java.net.InetAddress;
import java.util.List;

/**
 * One next hop of a domain: an MX host (or the domain itself for an implicit MX, or the host of
 * a bracketed transport nexthop), its preference and its addresses, IPv4 first.
 *
 * @param dnssec {@link Dnssec#SECURE} when every address answer of the host was validated; a
 *               host with a bogus address answer is never listed
 */
public record MxHost(String name, int preference, List<InetAddress> addresses, Dnssec dnssec) {

    public MxHost {
        addresses = List.copyOf(addresses);
    }

    /** A host whose addresses no validator vouched for. */
    public MxHost(String name, int preference, List<InetAddress> addresses) {
        this(name, preference, addresses, Dnssec.INSECURE);
    }
}
