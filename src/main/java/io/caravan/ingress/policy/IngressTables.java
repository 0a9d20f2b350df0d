package io.caravan.ingress.policy;

import io.caravan.config.LiveFile;
import io.caravan.ingress.auth.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables ingress decides with, read from the config directory and reloaded while the gateway runs, as
 * the transport map is ({@link LiveFile}): {@code accepted-domains}, {@code trusted-networks} and
 * {@code users}. One set serves every listener of the node.
 */
public final class IngressTables {

    private static final Logger LOG = LoggerFactory.getLogger(IngressTables.class);

    private final LiveFile<AcceptedDomains> domains;
    private final LiveFile<TrustedNetworks> trusted;
    private final LiveFile<UserStore> users;

    public IngressTables(Path configDir, Duration checkInterval, Clock clock) {
        Path accepted = configDir.resolve("accepted-domains");
        if (!Files.exists(accepted)) {
            LOG.warn("{} missing: the listeners accept mail for no domain until it exists", accepted);
        }
        domains = new LiveFile<>(accepted, AcceptedDomains::load, checkInterval, clock);
        trusted = new LiveFile<>(configDir.resolve("trusted-networks"), TrustedNetworks::load, checkInterval, clock);
        users = new LiveFile<>(configDir.resolve("users"), UserStore::load, checkInterval, clock);
    }

    public RelayPolicy relayPolicy() {
        return new RelayPolicy(domains, trusted);
    }

    public Supplier<UserStore> users() {
        return users;
    }
}
