package io.caravan.egress.smtp;

import io.caravan.smtp.Reply;
import io.caravan.smtp.SocketTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.smtp.SmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * One SMTP session on one Netty channel. Commands may be written ahead of their replies
 * (pipelining): each written command queues a pending reply, and replies complete them in order.
 * The step timeout runs only for the reply at the head of the queue, so a pipelined RCPT gets its
 * full time once the MAIL reply is in. A timeout or a lost connection fails every pending reply
 * and closes the channel; the session is then unusable.
 *
 * <p>Everything touching the queue runs on the channel's event loop.
 */
final class SmtpConnection extends SimpleChannelInboundHandler<SmtpResponse> {

    private record Pending(Phase phase, CompletableFuture<Reply> future) {
    }

    final MxTarget target;
    final SmtpSource source;
    final ClientSettings settings;
    private Channel channel;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<Reply> early = new ArrayDeque<>();
    private ScheduledFuture<?> timer;
    private Pending timed;
    private SessionFailure closedWith;
    /** True once the peer has said anything (its greeting at least). */
    private boolean heard;
    Capabilities capabilities = Capabilities.NONE;
    TlsInfo tls = TlsInfo.NONE;
    int deliveries;
    ScheduledFuture<?> idleClose;

    private SmtpConnection(SmtpSource source, MxTarget target, ClientSettings settings) {
        this.source = source;
        this.target = target;
        this.settings = settings;
    }

    static CompletableFuture<SmtpConnection> open(EventLoopGroup group, SmtpSource source, MxTarget target,
                                                  ClientSettings settings) {
        SmtpConnection connection = new SmtpConnection(source, target, settings);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(SocketTransport.channel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .localAddress(new InetSocketAddress(source.bindAddress(), 0))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(settings.maxReplyLineLength(), false, true));
                        ch.pipeline().addLast("bare-codes", new BareCodeLines());
                        ch.pipeline().addLast("decoder", new SmtpResponseDecoder(settings.maxReplyLineLength()));
                        ch.pipeline().addLast("encoder", new SmtpRequestEncoder());
                        ch.pipeline().addLast("session", connection);
                    }
                });
        CompletableFuture<SmtpConnection> result = new CompletableFuture<>();
        bootstrap.connect(new InetSocketAddress(target.address(), target.port()))
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        connection.channel = f.channel();
                        result.complete(connection);
                    } else {
                        result.completeExceptionally(new SessionFailure(Phase.CONNECT,
                                Replies.connectFailed(target, f.cause()), false));
                    }
                });
        return result;
    }

    Channel channel() {
        return channel;
    }

    boolean usable() {
        return closedWith == null && channel.isActive();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Waits for a reply nobody asked for yet: the greeting. */
    CompletableFuture<Reply> expect(Phase phase) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        inLoop(() -> enqueue(new Pending(phase, future)));
        return future;
    }

    /** Writes a command without flushing; the reply is awaited in order. */
    CompletableFuture<Reply> send(SmtpRequest request, Phase phase) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        inLoop(() -> {
            if (closedWith != null) {
                future.completeExceptionally(closedWith);
                return;
            }
            channel.write(request);
            enqueue(new Pending(phase, future));
        });
        return future;
    }

    /** Writes and flushes one command. */
    CompletableFuture<Reply> command(SmtpRequest request, Phase phase) {
        CompletableFuture<Reply> reply = send(request, phase);
        flush();
        return reply;
    }

    void flush() {
        inLoop(channel::flush);
    }

    /** Writes the message content; the codec adds the final ".CRLF". */
    CompletableFuture<Reply> content(SmtpContent content) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        inLoop(() -> {
            if (closedWith != null) {
                content.release();
                future.completeExceptionally(closedWith);
                return;
            }
            channel.writeAndFlush(content);
            enqueue(new Pending(Phase.END_OF_DATA, future));
        });
        return future;
    }

    /**
     * Writes content too large for the heap as the chunks {@code content} reads, each when the socket has
     * taken the one before (Netty's chunked writer, added to this connection the first time it sends
     * such content, so small messages pass no extra handler); the codec adds the final ".CRLF".
     */
    CompletableFuture<Reply> streamContent(StuffedChunks content) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        inLoop(() -> {
            if (closedWith != null) {
                content.closeQuietly();
                future.completeExceptionally(closedWith);
                return;
            }
            if (channel.pipeline().get("chunked") == null) {
                channel.pipeline().addAfter("encoder", "chunked", new io.netty.handler.stream.ChunkedWriteHandler());
            }
            channel.writeAndFlush(content).addListener(f -> content.closeQuietly());
            enqueue(new Pending(Phase.END_OF_DATA, future));
        });
        return future;
    }

    /**
     * After a pipelined DATA was refused the codec still waits for content; a fresh encoder
     * forgets that, so the session can go on with RSET.
     */
    void resetEncoder() {
        inLoop(() -> channel.pipeline().replace("encoder", "encoder", new SmtpRequestEncoder()));
    }

    /** EHLO, or HELO when the server refuses EHLO with 5xx (RFC 5321 §3.2). */
    CompletableFuture<Reply> hello() {
        return command(SmtpRequests.ehlo(source.heloName()), Phase.EHLO).thenCompose(reply -> {
            if (reply.positive()) {
                capabilities = Capabilities.fromEhlo(reply);
                return CompletableFuture.completedFuture(reply);
            }
            if (reply.permanentFailure()) {
                capabilities = Capabilities.NONE;
                return command(SmtpRequests.helo(source.heloName()), Phase.EHLO);
            }
            return CompletableFuture.completedFuture(reply);
        });
    }

    /**
     * Puts TLS under the session after a 220 to STARTTLS. With {@code verifyHost} the certificate
     * must name the MX host (endpoint identification); trust is whatever the context carries.
     */
    CompletableFuture<SSLSession> handshake(SslContext context, boolean verifyHost) {
        CompletableFuture<SSLSession> result = new CompletableFuture<>();
        inLoop(() -> {
            SSLEngine engine = context.newEngine(channel.alloc(), target.hostname(), target.port());
            var params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
            engine.setSSLParameters(params);
            SslHandler handler = new SslHandler(engine);
            handler.setHandshakeTimeoutMillis(settings.tlsHandshakeTimeout().toMillis());
            channel.pipeline().addFirst("tls", handler);
            handler.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    SSLSession session = engine.getSession();
                    tls = new TlsInfo(true, session.getProtocol(), session.getCipherSuite(), "none");
                    result.complete(session);
                } else {
                    SessionFailure failure = new SessionFailure(Phase.TLS, Replies.local(451, "4.7.5",
                            "TLS handshake with " + target + " failed: " + Replies.describe(f.cause())), false);
                    result.completeExceptionally(failure);
                    fail(failure);
                }
            });
        });
        return result;
    }

    /** QUIT politely, then close without waiting long for the answer. */
    void quit() {
        inLoop(() -> {
            if (usable()) {
                CompletableFuture<Reply> bye = command(SmtpRequests.quit(), Phase.RSET);
                bye.whenComplete((r, e) -> channel.close());
                channel.eventLoop().schedule(() -> channel.close(), 5, TimeUnit.SECONDS);
            } else {
                channel.close();
            }
        });
    }

    void close() {
        inLoop(() -> channel.close());
    }

    void inLoop(Runnable task) {
        if (channel == null || channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    io.netty.channel.EventLoop eventLoop() {
        return channel.eventLoop();
    }

    private void enqueue(Pending p) {
        // a reply that came before it was awaited counts even if the peer closed right after it
        // (a 421 greeting followed by the close): otherwise a busy MX would look like a lost session
        if (!early.isEmpty()) {
            p.future.complete(early.poll());
            return;
        }
        if (closedWith != null) {
            p.future.completeExceptionally(closedWith);
            return;
        }
        pending.add(p);
        if (pending.size() == 1) {
            armTimer();
        }
    }

    private void armTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Pending head = pending.peek();
        timed = head;
        if (head == null || channel == null) {
            return;
        }
        timer = channel.eventLoop().schedule(() -> {
            if (timed == head && pending.peek() == head) {
                fail(new SessionFailure(head.phase, Replies.timeout(target, head.phase), false));
            }
        }, settings.timeout(head.phase).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse response) {
        heard = true;
        Reply reply = Replies.from(response);
        Pending head = pending.poll();
        if (head == null) {
            early.add(reply);
            return;
        }
        armTimer();
        head.future.complete(reply);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Phase phase = idlePhase();
        fail(new SessionFailure(phase, Replies.connectionLost(target, phase), false));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Phase phase = idlePhase();
        fail(new SessionFailure(phase, Replies.local(451, "4.4.2",
                "session with " + target + " failed at " + phase + ": " + Replies.describe(cause)), false));
    }

    /**
     * The phase a failure belongs to: the awaited reply's, or, with nothing awaited, GREETING before
     * the peer said anything (so the next MX is tried) and RSET after (an idle pooled session).
     */
    private Phase idlePhase() {
        Pending head = pending.peek();
        return head != null ? head.phase : heard ? Phase.RSET : Phase.GREETING;
    }

    private void fail(SessionFailure failure) {
        if (closedWith == null) {
            closedWith = failure;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (idleClose != null) {
            idleClose.cancel(false);
        }
        Pending p;
        while ((p = pending.poll()) != null) {
            p.future.completeExceptionally(closedWith);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
