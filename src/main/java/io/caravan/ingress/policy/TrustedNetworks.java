package io.caravan.ingress.policy;

import io.caravan.config.ConfigTable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Client networks allowed to relay without authentication (Postfix's
 * mynetworks). Empty by default: trusting nobody is the only safe default.
 */
public final class TrustedNetworks {

    private final List<Cidr> networks;

    public TrustedNetworks(Collection<String> entries) {
        this.networks = entries.stream().map(Cidr::parse).toList();
    }

    public static TrustedNetworks load(Path file) {
        return new TrustedNetworks(ConfigTable.read(file, Cidr::parse));
    }

    public boolean contains(InetAddress address) {
        return address != null && networks.stream().anyMatch(n -> n.contains(address));
    }
}
