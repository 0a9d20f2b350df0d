package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What the guard handlers share: they sit before any SMTP encoder, so a refusal goes out as raw bytes, and
 * after a refusal the connection is closed (RFC 5321 3.8: a server that will not serve the client replies
 * and closes rather than leaving it waiting).
 */
final class GuardReplies {

    private GuardReplies() {
    }

    static void refuseAndClose(ChannelHandlerContext ctx, Reply reply) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(reply.toWire(), StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The client's IP address, or null on a channel that has none (a local or embedded test channel). */
    static InetAddress clientAddress(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            return remote.getAddress();
        }
        return null;
    }
}
