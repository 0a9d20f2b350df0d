package io.caravan.routing.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport table as a file that operators edit while the gateway runs. The file's
 * modification time (and size) is checked at most once per check interval, so a busy routing
 * stage does not stat the file for every message. A changed file that does not parse leaves the
 * previous table in force, and the error is kept for operators ({@link #lastError()}) and logged:
 * a typo must not reroute live mail. A missing file is an empty table (every domain to its MX).
 * At construction a malformed file is an error, so a bad table is caught at start.
 */
public final class TransportMapFile {

    private static final Logger LOG = LoggerFactory.getLogger(TransportMapFile.class);

    private final Path path;
    private final Clock clock;
    private final Duration checkInterval;

    private volatile TransportMap current;
    private volatile Optional<TableSyntaxException> lastError = Optional.empty();
    private FileTime loadedTime;
    private long loadedSize;
    private Instant nextCheck;

    public TransportMapFile(Path path, Duration checkInterval, Clock clock) {
        this.path = path;
        this.clock = clock;
        this.checkInterval = checkInterval;
        Stamp stamp = stamp();
        this.current = stamp == null ? TransportMap.EMPTY : TransportMap.parse(path.toString(), read());
        remember(stamp);
    }

    /** The table in force, reloaded first when the check interval has passed and the file changed. */
    public synchronized TransportMap current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return current;
        }
        nextCheck = now.plus(checkInterval);
        Stamp stamp = stamp();
        boolean changed = stamp == null ? loadedTime != null
                : !stamp.time().equals(loadedTime) || stamp.size() != loadedSize;
        if (changed) {
            reload(stamp);
        }
        return current;
    }

    public Transport lookup(String recipientDomain) {
        return current().lookup(recipientDomain);
    }

    /** The error of the last reload attempt, empty once a reload succeeds. */
    public Optional<TableSyntaxException> lastError() {
        return lastError;
    }

    private void reload(Stamp stamp) {
        try {
            current = stamp == null ? TransportMap.EMPTY : TransportMap.parse(path.toString(), read());
            lastError = Optional.empty();
            LOG.info("transport table {} reloaded: {} entries", path, current.size());
        } catch (TableSyntaxException e) {
            lastError = Optional.of(e);
            LOG.error("transport table not reloaded, the previous one stays in force: {}", e.getMessage());
        }
        // remember the bad file too, so it is parsed again only after the next edit
        loadedTime = stamp == null ? null : stamp.time();
        loadedSize = stamp == null ? -1 : stamp.size();
    }

    private void remember(Stamp stamp) {
        loadedTime = stamp == null ? null : stamp.time();
        loadedSize = stamp == null ? -1 : stamp.size();
        nextCheck = clock.instant().plus(checkInterval);
    }

    private record Stamp(FileTime time, long size) {
    }

    private Stamp stamp() {
        try {
            return new Stamp(Files.getLastModifiedTime(path), Files.size(path));
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read() {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
