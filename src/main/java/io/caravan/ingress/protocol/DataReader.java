package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.caravan.message.MessageBody;
import io.caravan.message.Spool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one DATA body. Only a line consisting of a single dot between two
 * CRLFs ends it: {@code <LF>.<LF>}, {@code <CR>.<CR>} and mixtures are plain
 * content, which closes the SMTP smuggling hole, and any bare CR or LF marks
 * the message as refused. Leading dots are unstuffed (RFC 5321 §4.5.2).
 * Once the message is known to be refused (too big, line too long, bare line
 * ending) its bytes are counted but no longer kept, so an oversized message
 * costs no memory; the client still gets its answer only after the end of
 * data, so the session stays in step.
 *
 * <p>A message above {@link MessageBody#IN_MEMORY_LIMIT} goes to a spool file in the data directory as
 * it arrives, in 64 KiB writes, and is streamed into the broker from there once it is complete. Not
 * straight into the broker while it arrives: that would tie a thread and a broker session to every slow
 * client for as long as its DATA lasts, and a message refused at its very end (a bare LF, the size, a
 * guard) would have to be taken back from the broker. Smaller messages stay in the heap as before.
 */
final class DataReader {

    private static final int INITIAL = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(DataReader.class);

    /**
     * The window the input is scanned through. A read runs on the session's event loop and returns before the
     * next one starts, so one array per thread serves every session on it: a new one per message was 8 KiB of
     * garbage each time.
     */
    private static final FastThreadLocal<byte[]> WINDOW = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL];
        }
    };

    private final long maxSize;
    private final int maxLine;
    private final byte[] line;
    private long lineLength;
    private boolean pendingCr;
    private ByteBuf content = Unpooled.buffer(INITIAL);
    private long size;
    private boolean bare;
    private boolean longLine;
    private final Path spool;
    private Path file;
    private FileChannel channel;
    private boolean storageFailed;

    /**
     * @param maxSize the largest accepted message in octets
     * @param maxLine the longest text line without CRLF (RFC 5322: 998)
     */
    DataReader(long maxSize, int maxLine) {
        this(maxSize, maxLine, null);
    }

    /** @param spool where a message above {@link MessageBody#IN_MEMORY_LIMIT} is spooled; null keeps all in the heap */
    DataReader(long maxSize, int maxLine, Path spool) {
        this.spool = spool;
        this.maxSize = maxSize;
        this.maxLine = maxLine;
        this.line = new byte[maxLine + 2];
    }

    InboundEvent read(ByteBuf in) {
        byte[] window = WINDOW.get();
        while (in.isReadable()) {
            // scanned as a plain array: a loop over byte[] is far cheaper per octet than ByteBuf.forEachByte
            int start = in.readerIndex();
            int n = Math.min(in.readableBytes(), window.length);
            in.getBytes(start, window, 0, n);
            int i = 0;
            while (i < n) {
                if (pendingCr) {
                    pendingCr = false;
                    byte b = window[i++];
                    if (b == '\n') {
                        InboundEvent end = endLine();
                        if (end != null) {
                            in.readerIndex(start + i); // what follows the final dot is the next command
                            return end;
                        }
                        continue;
                    }
                    bare = true;
                    add((byte) '\r');
                    if (b == '\r') {
                        pendingCr = true;
                    } else {
                        add(b);
                    }
                    continue;
                }
                // the bytes up to the next CR or LF are plain content: copied as one run
                int runEnd = i;
                while (runEnd < n && window[runEnd] != '\r' && window[runEnd] != '\n') {
                    runEnd++;
                }
                addRun(window, i, runEnd - i);
                i = runEnd;
                if (i < n) {
                    byte b = window[i++];
                    if (b == '\r') {
                        pendingCr = true;
                    } else {
                        bare = true; // a LF without CR
                        add(b);
                    }
                }
            }
            in.readerIndex(start + n);
        }
        return null;
    }

    private void addRun(byte[] window, int from, int length) {
        long room = line.length - lineLength;
        int kept = (int) Math.min(room, length);
        if (kept > 0) {
            System.arraycopy(window, from, line, (int) lineLength, kept);
        }
        lineLength += length;
    }

    private void add(byte b) {
        if (lineLength < line.length) {
            line[(int) lineLength] = b;
        }
        lineLength++;
    }

    private InboundEvent endLine() {
        if (lineLength == 1 && line[0] == '.') {
            return finish();
        }
        int from = lineLength > 0 && line[0] == '.' ? 1 : 0;
        long length = lineLength - from;
        lineLength = 0;
        size += length + 2;
        if (length > maxLine) {
            longLine = true;
        }
        if (size > maxSize || bare || longLine || storageFailed) {
            content = null;
            discard();
        }
        if (content != null) {
            content.writeBytes(line, from, (int) length).writeByte('\r').writeByte('\n');
            if (spool != null && content.readableBytes() >= SPOOL_WRITE
                    && (channel != null || size > MessageBody.IN_MEMORY_LIMIT)) {
                spill();
            }
        }
        return null;
    }

    private static final int SPOOL_WRITE = 64 * 1024;

    /** Moves what is buffered to the spool file. */
    private void spill() {
        try {
            if (channel == null) {
                file = Spool.newFile(spool);
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
            }
            while (content.isReadable()) {
                content.readBytes(channel, content.readableBytes());
            }
            content.clear();
        } catch (IOException e) {
            LOG.warn("cannot spool a message to {}: {}", spool, e.toString());
            storageFailed = true;
            content = null;
            discard();
        }
    }

    /** Deletes the spool file, if any: the message is refused, or the connection is gone. */
    void discard() {
        Spool.discard(channel, file);
        channel = null;
        file = null;
    }

    private InboundEvent finish() {
        InboundEvent.DataProblem problem;
        if (channel != null && content != null) {
            spill();
        }
        if (storageFailed) {
            problem = InboundEvent.DataProblem.NO_STORAGE;
        } else if (size > maxSize) {
            problem = InboundEvent.DataProblem.TOO_BIG;
        } else if (bare) {
            problem = InboundEvent.DataProblem.BARE_LINE_ENDING;
        } else if (longLine) {
            problem = InboundEvent.DataProblem.LINE_TOO_LONG;
        } else {
            problem = InboundEvent.DataProblem.NONE;
        }
        if (problem != InboundEvent.DataProblem.NONE) {
            return new InboundEvent.DataEnd(null, problem, size);
        }
        if (channel != null) {
            try {
                long length = channel.size();
                channel.close();
                channel = null;
                MessageBody spooled = new MessageBody.Spooled(file, length, false);
                file = null; // the session owns it now
                return new InboundEvent.DataEnd(null, problem, size, spooled);
            } catch (IOException e) {
                discard();
                return new InboundEvent.DataEnd(null, InboundEvent.DataProblem.NO_STORAGE, size);
            }
        }
        return new InboundEvent.DataEnd(ByteBufUtil.getBytes(content), problem, size);
    }
}
