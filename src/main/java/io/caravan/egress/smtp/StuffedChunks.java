package io.caravan.egress.smtp;

import io.caravan.message.ByteScan;
import io.caravan.message.MessageBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.SmtpContent;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.io.InputStream;

/**
 * A spooled message as DATA content for Netty's chunked writer: read 64 KiB at a time and dot-stuffed
 * as {@link DotStuffing} does a whole message (a line starting with '.' gets one more; a CRLF is added
 * when the message does not end with one), with the line state carried from chunk to chunk. The last
 * chunk is a {@code LastSmtpContent}, after which the codec writes the final ".CRLF".
 */
final class StuffedChunks implements ChunkedInput<SmtpContent> {

    private static final int CHUNK = 64 * 1024;

    private final MessageBody body;
    private InputStream in;
    private boolean lineStart = true;
    private byte last = '\n';
    private byte beforeLast = '\r';
    private boolean ended;
    private long progress;

    StuffedChunks(MessageBody body) {
        this.body = body;
    }

    @Override
    public boolean isEndOfInput() {
        return ended;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    void closeQuietly() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a read-only file: nothing lost
            }
            in = null;
        }
    }

    @Deprecated
    @Override
    public SmtpContent readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public SmtpContent readChunk(ByteBufAllocator allocator) throws Exception {
        if (ended) {
            return null;
        }
        if (in == null) {
            in = body.open();
        }
        byte[] raw = in.readNBytes(CHUNK);
        ByteBuf out = allocator.heapBuffer(raw.length + raw.length / 64 + 4);
        int run = 0;
        for (int dot = ByteScan.indexOf(raw, (byte) '.', 0, raw.length); dot >= 0;
             dot = ByteScan.indexOf(raw, (byte) '.', dot + 1, raw.length)) {
            if (dot == 0 ? lineStart : raw[dot - 1] == '\n') {
                out.writeBytes(raw, run, dot - run);
                out.writeByte('.');
                run = dot;
            }
        }
        out.writeBytes(raw, run, raw.length - run);
        if (raw.length > 0) {
            lineStart = raw[raw.length - 1] == '\n';
            beforeLast = raw.length > 1 ? raw[raw.length - 2] : last;
            last = raw[raw.length - 1];
        }
        progress += raw.length;
        if (raw.length < CHUNK) {
            ended = true;
            closeQuietly();
            boolean endsWithCrLf = progress == 0 || beforeLast == '\r' && last == '\n';
            if (!endsWithCrLf) {
                if (last != '\r') {
                    out.writeByte('\r');
                }
                out.writeByte('\n');
            }
            return new DefaultLastSmtpContent(out);
        }
        return new DefaultSmtpContent(out);
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return progress;
    }
}
