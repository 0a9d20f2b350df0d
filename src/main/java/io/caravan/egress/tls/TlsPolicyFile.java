package io.caravan.egress.tls;

import io.caravan.config.LiveFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

    /** The table in force, reloaded first when the check interval has passed and the file changed. */
    public TlsPolicyMap current() {
        return file.get();
    }

    public TlsPolicy levelFor(String domain) {
        return current().levelFor(domain);
    }

    /** The error of the last reload attempt, empty once a reload succeeds. */
    public Optional<RuntimeException> lastError() {
        return file.lastError();
    }
}
