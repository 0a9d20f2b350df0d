package io.caravan.egress.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * RFC 5321 §4.2 allows a reply line that is only the code ("250" CRLF), but Netty's response
 * decoder requires a separator after the code and fails the session otherwise. This shim sits
 * after a line splitter and gives such a line the space the decoder expects; every other line
 * passes untouched.
 */
final class BareCodeLines extends MessageToMessageDecoder<ByteBuf> {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        int n = line.readableBytes();
        int start = line.readerIndex();
        int body = n >= 2 && line.getByte(start + n - 2) == '\r' ? n - 2 : n - 1;
        if (body == 3 && Character.isDigit(line.getByte(start)) && Character.isDigit(line.getByte(start + 1))
                && Character.isDigit(line.getByte(start + 2))) {
            out.add(Unpooled.wrappedBuffer(line.retainedSlice(start, 3), Unpooled.wrappedBuffer(new byte[] {' '}),
                    line.retainedSlice(start + 3, n - 3)));
            line.skipBytes(n);
            return;
        }
        out.add(line.retain());
    }
}
