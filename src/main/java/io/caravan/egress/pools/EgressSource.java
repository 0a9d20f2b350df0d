package io.caravan.egress.pools;

import java.net.InetAddress;

/**
 * One way out: a local address that outbound connections bind to, the name it announces in
 * EHLO (which should match the address's PTR), and its share of its pool's traffic. Its name is
 * the key of reputation state (suspensions are per source and provider), so it is unique.
 */
public record EgressSource(String name, InetAddress bindAddress, String ehlo, int weight) {
}
