package io.caravan.ingress.guard;

import java.time.Duration;

/**
 * The knobs of the ingress edge protections, one record per listener. A count of 0 switches that limit off.
 *
 * @param greetDelay              how long the banner waits; a client that talks before it is dropped (0 = no
 *                                pregreet test)
 * @param maxConnectionsPerClient concurrent connections one client address may hold
 * @param connectionRatePerClient connections one client address may open per {@code rateWindow}
 * @param maxConnections          concurrent connections the listener accepts from everyone together
 * @param messageRatePerClient    messages (MAIL FROM) one client address may start per {@code rateWindow}
 * @param rateWindow              the time unit of both rates
 * @param ipv6PrefixLength        IPv6 clients are counted per prefix of this length
 * @param minFreeDiskBytes        below this much usable space on the data store, new mail is refused with 4xx
 * @param dnsbl                   DNSBL/DNSWL scoring at connect
 */
public record GuardSettings(
        Duration greetDelay,
        int maxConnectionsPerClient,
        int connectionRatePerClient,
        int maxConnections,
        int messageRatePerClient,
        Duration rateWindow,
        int ipv6PrefixLength,
        long minFreeDiskBytes,
        DnsblSettings dnsbl) {

    public static final long GIB = 1024L * 1024 * 1024;

    public GuardSettings {
        if (greetDelay == null || greetDelay.isNegative()) {
            throw new IllegalArgumentException("greet delay must be zero or positive");
        }
        if (rateWindow == null || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("rate window must be positive");
        }
        if (dnsbl == null) {
            dnsbl = DnsblSettings.disabled();
        }
    }

    public static GuardSettings defaults() {
        return new GuardSettings(Duration.ofSeconds(1), 10, 60, 1000, 300, Duration.ofMinutes(1), 64, GIB,
                DnsblSettings.disabled());
    }

    public GuardSettings withGreetDelay(Duration value) {
        return new GuardSettings(value, maxConnectionsPerClient, connectionRatePerClient, maxConnections,
                messageRatePerClient, rateWindow, ipv6PrefixLength, minFreeDiskBytes, dnsbl);
    }

    public GuardSettings withConnectionLimits(int perClient, int ratePerClient, int global) {
        return new GuardSettings(greetDelay, perClient, ratePerClient, global,
                messageRatePerClient, rateWindow, ipv6PrefixLength, minFreeDiskBytes, dnsbl);
    }

    public GuardSettings withMessageRatePerClient(int value) {
        return new GuardSettings(greetDelay, maxConnectionsPerClient, connectionRatePerClient, maxConnections,
                value, rateWindow, ipv6PrefixLength, minFreeDiskBytes, dnsbl);
    }

    public GuardSettings withMinFreeDiskBytes(long value) {
        return new GuardSettings(greetDelay, maxConnectionsPerClient, connectionRatePerClient, maxConnections,
                messageRatePerClient, rateWindow, ipv6PrefixLength, value, dnsbl);
    }

    public GuardSettings withDnsbl(DnsblSettings value) {
        return new GuardSettings(greetDelay, maxConnectionsPerClient, connectionRatePerClient, maxConnections,
                messageRatePerClient, rateWindow, ipv6PrefixLength, minFreeDiskBytes, value);
    }
}
