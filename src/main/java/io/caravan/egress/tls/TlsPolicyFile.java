package io.caravan.egress.tls;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.LiveFile;
import io.caravan.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code tls_policy} as a file operators edit while the gateway runs ({@link LiveFile}): routing groups
 * recipients by its levels and egress applies them, both from this one copy, so a tightened level takes
 * effect within the check interval. A missing file means the default level ({@code may}) for every
 * domain; a changed file that does not parse leaves the previous table in force.
 */
public final class TlsPolicyFile {

    private final LiveFile<TlsPolicyMap> file;

    public TlsPolicyFile(Path path, Duration checkInterval, Clock clock) {
        this.file = new LiveFile<>(path, p -> TlsPolicyMap.load(p, TlsPolicy.MAY), checkInterval, clock);
    }

    /** The node's {@code egress.tls-policy-file}; a file that does not parse stops the start with its name. */
    public static TlsPolicyFile load(Settings s, Clock clock) {
        Path file = s.configFile(s.text(Key.EGRESS_TLS_POLICY_FILE));
        try {
            return new TlsPolicyFile(file, s.duration(Key.CONFIG_CHECK_INTERVAL), clock);
        } catch (RuntimeException e) {
            throw new ConfigException(Key.EGRESS_TLS_POLICY_FILE.property() + ": " + file + ": " + e.getMessage(), e);
        }
    }

    /** The table in force, reloaded first when the check interval has passed and the file changed. */
    public TlsPolicyMap current() {
        return file.get();
    }

    public TlsPolicy levelFor(String domain) {
        return current().levelFor(domain);
    }

    /** The level's name in lower case: the requirement routing keeps recipients of different levels apart by. */
    public String requirement(String domain) {
        return levelFor(domain).name().toLowerCase(Locale.ROOT);
    }

    /** The error of the last reload attempt, empty once a reload succeeds. */
    public Optional<RuntimeException> lastError() {
        return file.lastError();
    }
}
