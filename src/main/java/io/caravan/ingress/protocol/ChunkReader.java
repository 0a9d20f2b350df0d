package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;

/**
 * Reads exactly the octets announced by one BDAT command (RFC 3030). The
 * chunk is binary-transparent: no line rules, no dot-stuffing. A chunk the
 * session already knows it will refuse is skipped without being kept. Memory
 * grows with the octets actually received, not with the announced size, so
 * announcing a huge chunk and sending nothing costs us nothing.
 */
final class ChunkReader {

    private final long size;
    private long remaining;
    private final ByteArrayOutputStream content;

    ChunkReader(long size, boolean keep) {
        this.size = size;
        this.remaining = size;
        this.content = keep ? new ByteArrayOutputStream((int) Math.min(size, 64 * 1024)) : null;
    }

    InboundEvent read(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (content != null) {
            byte[] piece = new byte[n];
            in.readBytes(piece);
            content.writeBytes(piece);
        } else {
            in.skipBytes(n);
        }
        remaining -= n;
        return remaining == 0 ? new InboundEvent.ChunkEnd(content == null ? null : content.toByteArray(), size) : null;
    }
}
