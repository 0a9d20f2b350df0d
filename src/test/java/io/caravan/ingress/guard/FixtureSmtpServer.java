package io.caravan.ingress.guard;

import io.caravan.ingress.session.GreetingAllowed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;


/**
 * TEST FIXTURE, not the Caravan SMTP server: a real Netty server on 127.0.0.1 (port 0) with the guard handlers
 * ({@link IngressGuards#install}) in front of a trivial session that writes a 220 banner on {@link GreetingAllowed}, answers every line with
 * {@code 250 ok} and QUIT with 221. It shows the pipeline order the real server should use.
 */
final class FixtureSmtpServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;

    private FixtureSmtpServer(IngressGuards guards) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1000),
                                new StringDecoder(StandardCharsets.US_ASCII),
                                new StringEncoder(StandardCharsets.US_ASCII),
                                new FixtureSession());
                        guards.install(ch.pipeline());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    static FixtureSmtpServer start(ConnectionGuard guard, AcceptanceGate gate, Duration greetDelay,
            DnsblScorer scorer) throws InterruptedException {
        GuardSettings settings = GuardSettings.defaults().withGreetDelay(greetDelay);
        return new FixtureSmtpServer(new IngressGuards(settings, guard, null, gate, scorer));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The stand-in SMTP session: greets when allowed, says 250 to everything. */
    private static final class FixtureSession extends SimpleChannelInboundHandler<String> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // as the SMTP session: without a pregreet handler (no greet delay, no DNS list) greet at once
            if (ctx.pipeline().get(io.caravan.ingress.session.GreetingGate.class) == null) {
                ctx.writeAndFlush("220 fixture.test ESMTP\r\n");
            }
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof GreetingAllowed) {
                ctx.writeAndFlush("220 fixture.test ESMTP\r\n");
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (line.trim().equalsIgnoreCase("QUIT")) {
                ctx.writeAndFlush("221 bye\r\n").addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush("250 ok\r\n");
            }
        }
    }
}
