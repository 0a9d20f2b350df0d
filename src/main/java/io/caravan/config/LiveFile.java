package io.caravan.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table in a file that operators edit while the gateway runs (the transport map, accepted domains, trusted
 * networks, users). The file's modification time and size are checked at most once per check interval, so
 * a busy stage does not stat the file for every message. A changed file that does not load leaves the
 * previous table in force, and the error is kept ({@link #lastError()}) and logged: a typo must not reroute
 * live mail or lock users out. At construction a file that does not load is an error, so a bad table is
 * caught at start.
 *
 * @param <T> the table; {@code load} gets the path, which may name a missing file
 */
public final class LiveFile<T> implements Supplier<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFile.class);

    private final Path path;
    private final Function<Path, T> load;
    private final Clock clock;
    private final Duration checkInterval;

    private volatile T current;
    private volatile Optional<RuntimeException> lastError = Optional.empty();
    private Stamp loaded;
    private Instant nextCheck;

    public LiveFile(Path path, Function<Path, T> load, Duration checkInterval, Clock clock) {
        this.path = path;
        this.load = load;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.loaded = stamp();
        this.current = load.apply(path);
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    /** The table in force, loaded again first when the check interval has passed and the file changed. */
    @Override
    public synchronized T get() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return current;
        }
        nextCheck = now.plus(checkInterval);
        Stamp stamp = stamp();
        if (!stamp.equals(loaded)) {
            reload();
            loaded = stamp; // a bad file too, so it is loaded again only after the next edit
        }
        return current;
    }

    /** The error of the last reload attempt, empty once a reload succeeds. */
    public Optional<RuntimeException> lastError() {
        return lastError;
    }

    private void reload() {
        try {
            current = load.apply(path);
            lastError = Optional.empty();
            LOG.info("{} reloaded", path);
        } catch (RuntimeException e) {
            lastError = Optional.of(e);
            LOG.error("{} not reloaded, the previous table stays in force: {}", path, e.getMessage());
        }
    }

    /** Modification time and size; both null for a missing file. */
    private record Stamp(FileTime time, long size) {
    }

    private Stamp stamp() {
        try {
            return new Stamp(Files.getLastModifiedTime(path), Files.size(path));
        } catch (NoSuchFileException missing) {
            return new Stamp(null, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
