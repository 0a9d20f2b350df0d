package io.caravan.ingress.guard;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The name a DNS list is asked about a client: the IPv4 octets reversed ({@code 2.0.0.127.zone}) or, for
 * IPv6, the 32 nibbles of the full address reversed (RFC 5782 section 2.4).
 */
public final class DnsblQueryNames {

    private DnsblQueryNames() {
    }

    public static String of(InetAddress client, String zone) {
        byte[] bytes = client.getAddress();
        StringBuilder name = new StringBuilder(80);
        if (client instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
        } else {
            for (int i = 15; i >= 0; i--) {
                name.append(Character.forDigit(bytes[i] & 0x0f, 16)).append('.')
                        .append(Character.forDigit((bytes[i] >> 4) & 0x0f, 16)).append('.');
            }
        }
        return name.append(zone).append('.').toString();
    }
}
