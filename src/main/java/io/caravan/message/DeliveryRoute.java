package io.caravan.message;

import java.util.List;

/**
 * How one delivery leaves, as the routing stage decided it: it travels with
 * the delivery (JSON in the {@link Headers#ROUTE} header) so egress needs no
 * routing tables of its own.
 *
 * @param transport     smtp or relay
 * @param nexthop       the next hop in Postfix syntax, e.g. {@code smtp:example.com}
 * @param port          TCP port of the hosts
 * @param hosts         the hosts to try, in order
 * @param domains       the recipient domains in this delivery
 * @param trafficClass  transactional, bulk, executive, or an operator's own class
 * @param provider      the mailbox provider, a name from providers.yaml (by MX host or recipient
 *                      domain) or, for an unknown one, the first host's registered domain or "default"
 * @param region        the region of the node that routed it
 * @param pool          the egress pool for the class in that region
 * @param fallbackPools pools of the same region to shift to, in order
 */
public record DeliveryRoute(String transport, String nexthop, int port, List<Hop> hosts, List<String> domains,
        String trafficClass, String provider, String region, String pool, List<String> fallbackPools) {

    /** One host to try: its name, MX preference and addresses (IPv4 first). */
    public record Hop(String name, int preference, List<String> addresses) {
        public Hop {
            addresses = List.copyOf(addresses);
        }
    }

    public DeliveryRoute {
        hosts = List.copyOf(hosts);
        domains = List.copyOf(domains);
        fallbackPools = List.copyOf(fallbackPools);
    }

    /** The first host with an address: where delivery starts; null if none. */
    public String firstHost() {
        for (Hop hop : hosts) {
            if (!hop.addresses().isEmpty()) {
                return hop.name();
            }
        }
        return null;
    }

    /** The domain limits and TLS policy are looked up for: the first recipient domain, else the first host. */
    public String firstDomain() {
        return domains.isEmpty() ? firstHost() : domains.get(0);
    }

    /** The same delivery through another next hop, with that hop's hosts and provider. */
    public DeliveryRoute withNextHop(String newTransport, String newNexthop, int newPort, List<Hop> newHosts,
                                     String newProvider) {
        return new DeliveryRoute(newTransport, newNexthop, newPort, newHosts, domains, trafficClass, newProvider,
                region, pool, fallbackPools);
    }

    public DeliveryRoute withClassAndPools(String newClass, String newPool, List<String> newFallbacks) {
        return new DeliveryRoute(transport, nexthop, port, hosts, domains, newClass, provider, region, newPool,
                newFallbacks);
    }
}
