package io.caravan.ingress;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.ingress.guard.DnsblConfigFile;
import io.caravan.ingress.guard.DnsblSettings;
import io.caravan.ingress.guard.GuardSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the node's settings into the ingress' own settings records. */
public final class IngressConfig {

    private IngressConfig() {
    }

    public static GuardSettings guards(Settings s) {
        return new GuardSettings(
                s.duration(Key.SMTP_GUARD_GREET_DELAY),
                s.integer(Key.SMTP_GUARD_MAX_CONNECTIONS_PER_CLIENT),
                s.integer(Key.SMTP_GUARD_CONNECTION_RATE_PER_CLIENT),
                s.integer(Key.SMTP_GUARD_MAX_CONNECTIONS),
                s.integer(Key.SMTP_GUARD_MESSAGE_RATE_PER_CLIENT),
                s.duration(Key.SMTP_GUARD_RATE_WINDOW),
                s.integer(Key.SMTP_GUARD_IPV6_PREFIX_LENGTH),
                s.size(Key.SMTP_GUARD_MIN_FREE_DISK),
                dnsbl(s.configFile(s.text(Key.SMTP_GUARD_DNSBL_FILE))));
    }

    private static DnsblSettings dnsbl(Path file) {
        if (!Files.exists(file)) {
            return DnsblSettings.disabled();
        }
        try {
            return DnsblConfigFile.load(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }
}
