package io.caravan.routing.mx;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Knobs of MX resolution.
 *
 * @param servers     DNS servers to ask, in order; empty means the system's (resolv.conf)
 * @param timeout     how long to wait for one answer from one server
 * @param retries     further attempts after a timeout
 * @param maxTtl      cap on how long an answer is cached, whatever its TTL
 * @param negativeTtl how long NXDOMAIN/NODATA is cached when the answer carries no SOA
 * @param maxMxHosts  at most this many MX hosts are kept (lowest preferences first)
 * @param ipv6        also look up AAAA records of the hosts
 * @param cacheSize   most answers kept in the cache
 */
public record MxResolverSettings(
        List<InetSocketAddress> servers,
        Duration timeout,
        int retries,
        Duration maxTtl,
        Duration negativeTtl,
        int maxMxHosts,
        boolean ipv6,
        int cacheSize) {

    public MxResolverSettings {
        servers = List.copyOf(servers);
        if (retries < 0 || maxMxHosts < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("retries must be >= 0, maxMxHosts and cacheSize >= 1");
        }
    }

    public static MxResolverSettings defaults() {
        return new MxResolverSettings(List.of(), Duration.ofSeconds(5), 2, Duration.ofHours(24),
                Duration.ofMinutes(5), 10, true, 100_000);
    }

    public MxResolverSettings withServers(List<InetSocketAddress> s) {
        return new MxResolverSettings(s, timeout, retries, maxTtl, negativeTtl, maxMxHosts, ipv6, cacheSize);
    }

    public MxResolverSettings withTimeout(Duration t, int r) {
        return new MxResolverSettings(servers, t, r, maxTtl, negativeTtl, maxMxHosts, ipv6, cacheSize);
    }

    /** Parses "ip[:port], ip[:port]"; IPv6 addresses with a port are written [addr]:port. */
    public static List<InetSocketAddress> parseServers(String list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String item : list.split("[,\\s]+")) {
            if (item.isBlank()) {
                continue;
            }
            String host = item;
            int port = 53;
            if (item.startsWith("[")) {
                int close = item.indexOf(']');
                host = item.substring(1, close);
                if (item.length() > close + 1) {
                    port = Integer.parseInt(item.substring(close + 2));
                }
            } else if (item.indexOf(':') == item.lastIndexOf(':') && item.contains(":")) {
                host = item.substring(0, item.indexOf(':'));
                port = Integer.parseInt(item.substring(item.indexOf(':') + 1));
            }
            out.add(new InetSocketAddress(host, port));
        }
        return out;
    }
}
