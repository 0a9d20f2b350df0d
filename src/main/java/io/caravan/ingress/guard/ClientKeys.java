package io.caravan.ingress.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Decides which clients count as "the same address" for the per-client limits. An IPv4 address stands for
 * itself. An IPv6 host usually owns a whole /64 and can pick any address in it, so IPv6 clients are counted
 * per prefix (64 bits by default); otherwise one host could escape every per-address limit, and fill the
 * limiter tables, by rotating addresses.
 */
public final class ClientKeys {

    private final int ipv6PrefixLength;

    public ClientKeys(int ipv6PrefixLength) {
        if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 1..128: " + ipv6PrefixLength);
        }
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    public InetAddress keyOf(InetAddress client) {
        if (!(client instanceof Inet6Address) || ipv6PrefixLength == 128) {
            return client;
        }
        byte[] bytes = Arrays.copyOf(client.getAddress(), 16);
        for (int bit = ipv6PrefixLength; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
