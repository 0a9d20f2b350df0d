package io.caravan.message;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's {@code spool/}: scratch files for bodies above {@link MessageBody#IN_MEMORY_LIMIT}.
 * Nothing in it is ever the only copy of a message (a body is spooled before the broker has it, when no
 * 250 has been given yet, or after, when the broker keeps its own), so files a crash left are deleted at
 * start.
 */
public final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private Spool() {
    }

    public static Path directory(Path dataDir) {
        return dataDir.resolve("spool");
    }

    /** Creates the directory, deleting what an earlier run left in it. */
    public static Path prepare(Path dataDir) {
        Path dir = directory(dataDir);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spool directory " + dir, e);
        }
    }

    /** A new empty spool file. */
    public static Path newFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "body-", ".eml");
    }

    /**
     * Closes what was writing a spool file and deletes the file; either may be null. A file that cannot be
     * deleted is logged and left for the next start to delete.
     */
    public static void discard(Closeable writer, Path file) {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // deleting it next
            }
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete spool file {}: {}", file, e.toString());
            }
        }
    }

    /** Counts what it writes and whether any octet has the high bit set. */
    public static final class Counting extends FilterOutputStream {
        private long count;
        private boolean eightBit;

        public Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
            eightBit |= (b & 0x80) != 0;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            eightBit = eightBit || ByteScan.anyHighBit(b, off, len);
        }

        public long count() {
            return count;
        }

        public boolean eightBit() {
            return eightBit;
        }
    }
}
