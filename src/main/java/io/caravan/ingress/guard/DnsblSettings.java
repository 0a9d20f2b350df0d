package io.caravan.ingress.guard;

import io.caravan.ingress.policy.Cidr;

import java.time.Duration;
import java.util.List;

/**
 * How the connecting client is scored against DNS block and allow lists. Scoring is off when no site is
 * configured, which is the default: a fresh install must not query public lists before the operator chooses
 * them (and most public lists refuse queries that arrive through big public resolvers).
 *
 * @param sites          the lists and their weights
 * @param threshold      a summed score at or above this blocks the client
 * @param allowList      clients in these networks are never looked up
 * @param resolverHost   the resolver to ask; null or blank means the system's resolver
 * @param resolverPort   its port
 * @param timeout        how long the whole scoring may take; a list that has not answered by then counts 0
 * @param maxCacheTtl    answers are cached for their DNS TTL, but never longer than this
 * @param negativeTtl    how long "not listed" is cached when the answer carries no SOA to say
 * @param maxCacheEntries the cache never holds more answers than this
 */
public record DnsblSettings(
        List<DnsblSite> sites,
        int threshold,
        List<Cidr> allowList,
        String resolverHost,
        int resolverPort,
        Duration timeout,
        Duration maxCacheTtl,
        Duration negativeTtl,
        int maxCacheEntries) {

    public static final List<String> DEFAULT_ALLOW = List.of(
            "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7", "fe80::/10");

    public DnsblSettings {
        sites = List.copyOf(sites);
        allowList = List.copyOf(allowList);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNSBL timeout must be positive");
        }
    }

    public static DnsblSettings disabled() {
        return new DnsblSettings(List.of(), 1, DEFAULT_ALLOW.stream().map(Cidr::parse).toList(), null, 53,
                Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofMinutes(5), 100_000);
    }

    public boolean enabled() {
        return !sites.isEmpty();
    }

    public DnsblSettings withSites(List<DnsblSite> value, int newThreshold) {
        return new DnsblSettings(value, newThreshold, allowList, resolverHost, resolverPort, timeout,
                maxCacheTtl, negativeTtl, maxCacheEntries);
    }

    public DnsblSettings withAllowList(List<Cidr> value) {
        return new DnsblSettings(sites, threshold, value, resolverHost, resolverPort, timeout,
                maxCacheTtl, negativeTtl, maxCacheEntries);
    }

    public DnsblSettings withResolver(String host, int port, Duration newTimeout) {
        return new DnsblSettings(sites, threshold, allowList, host, port, newTimeout,
                maxCacheTtl, negativeTtl, maxCacheEntries);
    }
}
