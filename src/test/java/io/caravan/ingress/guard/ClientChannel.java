package io.caravan.ingress.guard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** An EmbeddedChannel that looks like a TCP connection from the given client address. */
final class ClientChannel extends EmbeddedChannel {

    private InetSocketAddress remote;

    private ClientChannel() {
        super(false, false);
    }

    static ClientChannel from(String clientIp, ChannelHandler... handlers) throws Exception {
        ClientChannel channel = new ClientChannel();
        channel.remote = new InetSocketAddress(java.net.InetAddress.getByName(clientIp), 40000);
        channel.freezeTime();
        channel.pipeline().addLast(handlers);
        channel.register();
        return channel;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    void send(String text) {
        writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Everything written to the client so far, as text. */
    String written() {
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }
}
