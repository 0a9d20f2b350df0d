package io.caravan.routing.mx;

import java.net.InetAddress;
import java.util.List;

/**
 * One next hop of a domain: an MX host (or the domain itself for an implicit MX, or the host of
 * a bracketed transport nexthop), its preference and its addresses, IPv4 first.
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {

    public MxHost {
        addresses = List.copyOf(addresses);
    }
}
