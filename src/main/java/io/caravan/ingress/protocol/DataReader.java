package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Reads one DATA body. Only a line consisting of a single dot between two
 * CRLFs ends it: {@code <LF>.<LF>}, {@code <CR>.<CR>} and mixtures are plain
 * content, which closes the SMTP smuggling hole, and any bare CR or LF marks
 * the message as refused. Leading dots are unstuffed (RFC 5321 §4.5.2).
 * Once the message is known to be refused (too big, line too long, bare line
 * ending) its bytes are counted but no longer kept, so an oversized message
 * costs no memory; the client still gets its answer only after the end of
 * data, so the session stays in step.
 */
final class DataReader {

    private static final int INITIAL = 8192;

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

    /**
     * @param maxSize the largest accepted message in octets
     * @param maxLine the longest text line without CRLF (RFC 5322: 998)
     */
    DataReader(long maxSize, int maxLine) {
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
        if (size > maxSize || bare || longLine) {
            content = null;
        }
        if (content != null) {
            content.writeBytes(line, from, (int) length).writeByte('\r').writeByte('\n');
        }
        return null;
    }

    private InboundEvent finish() {
        InboundEvent.DataProblem problem;
        if (size > maxSize) {
            problem = InboundEvent.DataProblem.TOO_BIG;
        } else if (bare) {
            problem = InboundEvent.DataProblem.BARE_LINE_ENDING;
        } else if (longLine) {
            problem = InboundEvent.DataProblem.LINE_TOO_LONG;
        } else {
            problem = InboundEvent.DataProblem.NONE;
        }
        byte[] bytes = problem == InboundEvent.DataProblem.NONE ? ByteBufUtil.getBytes(content) : null;
        return new InboundEvent.DataEnd(bytes, problem, size);
    }
}
