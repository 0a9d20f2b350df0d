package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether ingress can take new mail right now. Accepting a message we cannot store durably would break
 * the late-ack promise, so when the data directory's file store runs low or the broker is unavailable, new
 * connections get {@code 421 4.3.1} and new transactions {@code 452 4.3.1} (RFC 3463 "mail system full"):
 * senders keep their mail and retry. A data directory whose free space cannot be read counts as full, since a
 * temporary refusal costs a retry and a false acceptance costs a message.
 */
public final class AcceptanceGate {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptanceGate.class);
    public static final String STORAGE = "Insufficient system storage";
    public static final String QUEUE = "Insufficient system storage, queue unavailable";

    /** Where in the dialogue the check is made; the reply code differs. */
    public enum Phase { CONNECT, MAIL }

    private final Path dataDir;
    private final long minFreeBytes;
    private final BooleanSupplier brokerAvailable;
    private volatile FileStore store;

    public AcceptanceGate(Path dataDir, long minFreeBytes, BooleanSupplier brokerAvailable) {
        this.dataDir = dataDir;
        this.minFreeBytes = minFreeBytes;
        this.brokerAvailable = brokerAvailable;
    }

    /** Empty when mail can be accepted, otherwise the reply to send. */
    public Optional<Reply> check(Phase phase) {
        int code = phase == Phase.CONNECT ? 421 : 452;
        if (!brokerAvailable.getAsBoolean()) {
            return Optional.of(Reply.of(code, "4.3.1", QUEUE));
        }
        if (freeBytes() < minFreeBytes) {
            return Optional.of(Reply.of(code, "4.3.1", STORAGE));
        }
        return Optional.empty();
    }

    /** Whether the data directory's free space is below the floor (or cannot be read). */
    public boolean lowOnStorage() {
        return freeBytes() < minFreeBytes;
    }

    public Optional<Reply> checkAtConnect() {
        return check(Phase.CONNECT);
    }

    public Optional<Reply> checkAtMail() {
        return check(Phase.MAIL);
    }

    // Finding a path's file store reads the mount table (a dozen system calls); asking a known store for its
    // free space is one statfs. The store is found once and again only after it could not be read.
    private long freeBytes() {
        try {
            FileStore known = store;
            if (known == null) {
                known = Files.getFileStore(dataDir);
                store = known;
            }
            return known.getUsableSpace();
        } catch (IOException e) {
            store = null;
            LOG.warn("cannot read free space of data directory {}: {}", dataDir, e.toString());
            return -1;
        }
    }
}
