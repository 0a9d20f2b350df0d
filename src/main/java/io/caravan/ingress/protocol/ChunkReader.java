package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Reads exactly the octets announced by one BDAT command (RFC 3030). The
 * chunk is binary-transparent: no line rules, no dot-stuffing here. Its
 * octets go to the sink as they arrive, so the chunk is never held whole
 * (the sink, {@link ChunkedBody}, keeps a small message in the heap and
 * spools a large one); a chunk the session already knows it will refuse
 * has no sink and is skipped. Announcing a huge chunk and sending nothing
 * costs us nothing.
 */
final class ChunkReader {

    /** The window octets are copied through; one per event loop thread, as in {@link DataReader}. */
    private static final FastThreadLocal<byte[]> WINDOW = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[16 * 1024];
        }
    };

    private final long size;
    private long remaining;
    private final ChunkSink sink;

    /** @param sink where the octets go; null skips them */
    ChunkReader(long size, ChunkSink sink) {
        this.size = size;
        this.remaining = size;
        this.sink = sink;
    }

    InboundEvent read(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (sink == null) {
            in.skipBytes(n);
        } else {
            byte[] window = WINDOW.get();
            for (int left = n; left > 0; ) {
                int piece = Math.min(left, window.length);
                in.readBytes(window, 0, piece);
                sink.write(window, 0, piece);
                left -= piece;
            }
        }
        remaining -= n;
        return remaining == 0 ? new InboundEvent.ChunkEnd(size) : null;
    }
}
