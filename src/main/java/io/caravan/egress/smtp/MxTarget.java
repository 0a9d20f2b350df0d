package io.caravan.egress.smtp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of one MX host to try. The host name is kept beside the address because TLS
 * verification (verify, DANE) is against the MX name, not the recipient domain or the address.
 *
 * @param secure whether the host's name and address came from DNSSEC-secure answers, so that its
 *               TLSA records apply (RFC 7672 §2.2); a dane delivery to a host that is not is made
 *               at may. Hosts a caller names itself are taken as secure: their TLSA is still asked.
 */
public record MxTarget(String hostname, InetAddress address, int port, boolean secure) {

    public MxTarget {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(address, "address");
    }

    public MxTarget(String hostname, InetAddress address, int port) {
        this(hostname, address, port, true);
    }

    public static MxTarget of(String hostname, InetAddress address) {
        return new MxTarget(hostname, address, 25);
    }

    @Override
    public String toString() {
        return hostname + "[" + address.getHostAddress() + "]:" + port;
    }
}
