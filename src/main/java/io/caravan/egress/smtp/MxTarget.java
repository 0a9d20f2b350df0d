package io.caravan.egress.smtp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of one MX host to try. The host name is kept beside the address because TLS
 * verification (verify, DANE) is against the MX name, not the recipient domain or the address.
 */
public record MxTarget(String hostname, InetAddress address, int port) {

    public MxTarget {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(address, "address");
    }

    public static MxTarget of(String hostname, InetAddress address) {
        return new MxTarget(hostname, address, 25);
    }

    @Override
    public String toString() {
        return hostname + "[" + address.getHostAddress() + "]:" + port;
    }
}
