package io.caravan.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A message's bytes as a stage holds them: in the heap up to {@link #IN_MEMORY_LIMIT}, as they always
 * were, or in a spool file of the data directory above it. A spool file is scratch, never the durable
 * copy (the broker's journal and large-messages directory are): it lives as long as one exchange, is
 * deleted when that ends, and whatever a crash leaves is deleted at the next start ({@link Spool}).
 */
public sealed interface MessageBody permits MessageBody.Bytes, MessageBody.Spooled {

    /**
     * Above this many octets a body is spooled rather than held in the heap. Small mail, nearly all of
     * it, keeps the in-heap path unchanged (docs/PERFORMANCE.md); a large body costs a few 64 KiB
     * buffers of heap however large it is, so the heap needed no longer grows with the size limit.
     */
    int IN_MEMORY_LIMIT = 1024 * 1024;

    /** Up to this many octets of the header section are read for routing and bounces. */
    int HEAD_LIMIT = 256 * 1024;

    long size();

    InputStream open() throws IOException;

    /** The first octets up to and including the blank line that ends the header section, at most {@code max}. */
    byte[] head(int max) throws IOException;

    /** Whether an octet has the high bit set (BODY=8BITMIME). */
    boolean eightBit();

    /** Releases the spool file, if any. */
    default void delete() {
    }

    /** The body of an exchange: its bytes wrapped, or the spooled body it is. */
    static MessageBody of(Object body) {
        if (body instanceof MessageBody b) {
            return b;
        }
        if (body instanceof byte[] bytes) {
            return new Bytes(bytes);
        }
        throw new IllegalArgumentException("not a message body: " + (body == null ? "null" : body.getClass().getName()));
    }

    record Bytes(byte[] bytes) implements MessageBody {

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public byte[] head(int max) {
            return bytes; // already in the heap: routing and bounces read it as they always did
        }

        @Override
        public boolean eightBit() {
            return ByteScan.anyHighBit(bytes, 0, bytes.length);
        }
    }

    /**
     * {@code prefix} (the Received header ingress adds, or a rewritten header section) followed by
     * {@code length} octets of {@code file} from {@code offset}.
     */
    record Spooled(byte[] prefix, Path file, long offset, long length, boolean eightBit) implements MessageBody {

        public Spooled(Path file, long length, boolean eightBit) {
            this(new byte[0], file, 0, length, eightBit);
        }

        @Override
        public long size() {
            return prefix.length + length;
        }

        @Override
        public InputStream open() throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            InputStream rest = new java.io.BufferedInputStream(
                    new BoundedInputStream(Channels.newInputStream(channel), length), 64 * 1024);
            return prefix.length == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(prefix), rest);
        }

        @Override
        public byte[] head(int max) throws IOException {
            try (InputStream in = open()) {
                byte[] buf = in.readNBytes(max);
                int end = headerEnd(buf);
                return end < 0 ? buf : java.util.Arrays.copyOf(buf, end);
            }
        }

        /** This body with its first {@code headLength} octets replaced by {@code head}. */
        public Spooled withHead(int headLength, byte[] head) {
            if (headLength < prefix.length) {
                throw new IllegalArgumentException("the head must cover the prefix");
            }
            long skip = headLength - prefix.length;
            return new Spooled(head, file, offset + skip, length - skip, eightBit);
        }

        @Override
        public void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete spool file " + file, e);
            }
        }

        private static int headerEnd(byte[] b) {
            for (int i = 0; i + 3 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                    return i + 4;
                }
            }
            return -1;
        }
    }

    /** Reads at most {@code limit} octets of {@code in}. */
    final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
