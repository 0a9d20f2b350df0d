package io.caravan.routing.transport;

import io.caravan.config.LiveFile;
import io.caravan.config.TableSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The transport table as a file that operators edit while the gateway runs ({@link LiveFile}): a missing file
 * is an empty table (every domain to its MX), and a changed file that does not parse leaves the previous
 * table in force with its line reported.
 */
public final class TransportMapFile {

    private final LiveFile<TransportMap> file;

    public TransportMapFile(Path path, Duration checkInterval, Clock clock) {
        this.file = new LiveFile<>(path, TransportMapFile::parse, checkInterval, clock);
    }

    /** The table in force, reloaded first when the check interval has passed and the file changed. */
    public TransportMap current() {
        return file.get();
    }

    public Transport lookup(String recipientDomain) {
        return current().lookup(recipientDomain);
    }

    /** The error of the last reload attempt, empty once a reload succeeds. */
    public Optional<TableSyntaxException> lastError() {
        return file.lastError().filter(TableSyntaxException.class::isInstance).map(TableSyntaxException.class::cast);
    }

    private static TransportMap parse(Path path) {
        if (!Files.exists(path)) {
            return TransportMap.EMPTY;
        }
        try {
            return TransportMap.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
