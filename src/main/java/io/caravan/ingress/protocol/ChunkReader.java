package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Reads exactly the octets announced by one BDAT command (RFC 3030). The
 * chunk is binary-transparent: no line rules, no dot-stuffing. A chunk the
 * session already knows it will refuse is skipped without being kept.
 */
final class ChunkReader {

    private final long size;
    private long remaining;
    private final byte[] content;
    private int filled;

    ChunkReader(long size, boolean keep) {
        this.size = size;
        this.remaining = size;
        this.content = keep ? new byte[(int) size] : null;
    }

    InboundEvent read(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (content != null) {
            in.readBytes(content, filled, n);
            filled += n;
        } else {
            in.skipBytes(n);
        }
        remaining -= n;
        return remaining == 0 ? new InboundEvent.ChunkEnd(content, size) : null;
    }
}
