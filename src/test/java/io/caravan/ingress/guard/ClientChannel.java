package io.caravan.ingress.guard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** An EmbeddedChannel that looks like a TCP connection from the given client address. */
final class ClientChannel extends EmbeddedChannel {

    private final MockTicker ticker;
    private InetSocketAddress remote;

    private ClientChannel(MockTicker ticker) {
        super(EmbeddedChannel.builder().register(false).ticker(ticker));
        this.ticker = ticker;
    }

    static ClientChannel from(String clientIp, ChannelHandler... handlers) throws Exception {
        ClientChannel channel = new ClientChannel(Ticker.newMockTicker());
        channel.remote = new InetSocketAddress(java.net.InetAddress.getByName(clientIp), 40000);
        channel.pipeline().addLast(handlers);
        channel.register();
        return channel;
    }

    /** Moves the channel's clock on and runs what became due. */
    void elapse(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        runScheduledPendingTasks();
        runPendingTasks();
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
