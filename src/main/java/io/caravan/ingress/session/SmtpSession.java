package io.caravan.ingress.session;

import io.caravan.ingress.auth.AuthOutcome;
import io.caravan.ingress.command.Commands;
import io.caravan.ingress.protocol.ChunkSink;
import io.caravan.ingress.protocol.InboundEvent;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.protocol.SmtpFramer;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One SMTP session on one connection: the state machine between the framer
 * and the command classes. It holds what the client established (greeting,
 * TLS, AUTH, the transaction) and the rules that span commands: STARTTLS
 * forgets everything learned before it; while the session waits for
 * anything (store, password check, tarpit, TLS handshake) pipelined input
 * stays held in the framer so replies keep command order; a graceful stop
 * lets a message whose data is arriving finish first.
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    private final ServerContext server;
    private final SmtpServerSettings settings;
    private final SmtpFramer framer;
    private final Delivery delivery;
    private SessionTimers timers;
    private Replier replier;
    private Channel channel;
    private String helo;
    private boolean esmtp;
    private String tlsProtocol;
    private String tlsCipher;
    private String authUser;
    private InboundTransaction transaction;
    private int sessionRecipients;
    private Consumer<String> continuation;
    private Consumer<InboundEvent.DataEnd> dataHandler;
    private Consumer<InboundEvent.ChunkEnd> chunkHandler;
    private boolean closing;
    private boolean bannerSent;

    public SmtpSession(ServerContext server, SmtpFramer framer) {
        this.server = server;
        this.settings = server.settings();
        this.framer = framer;
        this.delivery = new Delivery(this, server);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        replier = new Replier(channel, framer, settings);
        timers = new SessionTimers(this, framer, settings);
        timers.start(channel.eventLoop());
        // a look along the pipeline's links; iterating the pipeline would copy it into a map per connection
        if (ctx.pipeline().get(GreetingGate.class) == null) {
            greet();
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof GreetingAllowed) {
            greet();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void greet() {
        if (!bannerSent) {
            bannerSent = true;
            replier.write(Reply.of(220, null, settings.hostname() + " ESMTP Caravan"), false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (replier != null) {
            replier.markClosed();
        }
        if (!delivery.storing()) {
            resetTransaction(); // deletes a BDAT message's spool file; one being stored is the sink's
        }
        if (timers != null) {
            timers.cancel();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException || cause instanceof io.netty.handler.codec.DecoderException
                || replier == null || replier.closed()) {
            // the client went away or spoke garbage (TLS): nobody to answer
            LOG.debug("session {} failed: {}", client(), cause.toString());
            ctx.close();
            return;
        }
        // anything else is ours (an OutOfMemoryError, a bug): the client hears a temporary failure and
        // keeps its message, and the log says why, rather than a connection reset without a word
        LOG.warn("session {} failed: {}; answered {}", client(), cause.toString(),
                cause instanceof OutOfMemoryError ? "452" : "451", cause);
        if (delivery.storing()) {
            ctx.close(); // the store's own answer is on its way: a second one would be out of step
            return;
        }
        replier.replyAndClose(cause instanceof OutOfMemoryError ? ServerReplies.NO_MEMORY : ServerReplies.LOCAL_ERROR);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (replier.closed() || closing && !inTransactionData()) {
            return;
        }
        timers.activity();
        if (msg instanceof InboundEvent.CommandLine line) {
            Consumer<String> next = continuation;
            continuation = null;
            if (next != null) {
                next.accept(line.text());
            } else {
                Commands.dispatch(this, line.text());
            }
        } else if (msg instanceof InboundEvent.BadCommandLine bad) {
            continuation = null;
            reply(bad.problem() == InboundEvent.LineProblem.TOO_LONG
                    ? ServerReplies.LINE_TOO_LONG : ServerReplies.BARE_LINE_ENDING);
        } else if (msg instanceof InboundEvent.DataEnd end) {
            Consumer<InboundEvent.DataEnd> handler = dataHandler;
            dataHandler = null;
            handler.accept(end);
        } else if (msg instanceof InboundEvent.ChunkEnd end) {
            Consumer<InboundEvent.ChunkEnd> handler = chunkHandler;
            chunkHandler = null;
            handler.accept(end);
        }
    }

    private boolean inTransactionData() {
        return dataHandler != null || chunkHandler != null;
    }

    /**
     * Graceful stop: ends the session now, or after the message whose data is arriving. A connection the session
     * has not started on (a guard still holds its greeting, or refused it and is closing it) hears 421 and is
     * closed, unless it is closed already.
     */
    public void shutdown(Channel connection) {
        connection.eventLoop().execute(() -> {
            if (!connection.isActive()) {
                return;
            }
            if (channel == null) {
                connection.writeAndFlush(Unpooled.copiedBuffer(ServerReplies.SHUTTING_DOWN.toWire(),
                        StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            closing = true;
            if (!inTransactionData() && !delivery.storing()) {
                replyAndClose(ServerReplies.SHUTTING_DOWN);
            }
        });
    }

    @Override
    public void transactionDone() {
        if (closing) {
            replyAndClose(ServerReplies.SHUTTING_DOWN);
        }
    }

    /** The idle or session timer fired. */
    void timedOut() {
        if (delivery.storing()) {
            closing = true;
            return;
        }
        replyAndClose(ServerReplies.TIMEOUT);
    }

    @Override
    public void reply(Reply reply) {
        observe(reply);
        replier.reply(reply);
    }

    @Override
    public void replyAndClose(Reply reply) {
        observe(reply);
        replier.replyAndClose(reply);
    }

    private void observe(Reply reply) {
        if (reply.code() >= 400) {
            server.observer().refused(reply);
        }
    }

    @Override
    public void startTls() {
        SslHandler ssl = new SslHandler(server.sslContext().newEngine(channel.alloc()), true);
        framer.discardBuffered();
        framer.pause();
        // RFC 3207 §4.2: the client must start over, so nothing learned before TLS survives
        helo = null;
        esmtp = false;
        resetTransaction();
        channel.pipeline().addBefore(SmtpFramer.NAME, "tls", ssl);
        replier.write(ServerReplies.READY_FOR_TLS, false);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                tlsProtocol = ssl.engine().getSession().getProtocol();
                tlsCipher = ssl.engine().getSession().getCipherSuite();
                framer.resume();
            } else {
                LOG.debug("TLS handshake with {} failed: {}", client(), f.cause().toString());
                replier.markClosed();
                channel.close();
            }
        });
    }

    @Override
    public void authenticate(String user, String password, Consumer<AuthOutcome> result) {
        framer.pause();
        server.authenticator().check(server.users(), client().getAddress(), user, password)
                .whenComplete((outcome, failure) -> channel.eventLoop().execute(() -> {
                    result.accept(failure == null ? outcome : AuthOutcome.BUSY);
                    framer.resume();
                }));
    }

    @Override
    public void awaitPolicy(CompletionStage<Reply> answer, Consumer<Reply> then) {
        framer.pause();
        answer.toCompletableFuture().copy()
                .orTimeout(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, failure) -> channel.eventLoop().execute(() -> {
                    if (replier.closed()) {
                        return; // timed out, stopped or gone meanwhile: nobody to answer
                    }
                    if (failure == null) {
                        then.accept(reply);
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        LOG.warn("policy check for {} failed: {}; answered 451 4.3.0", client(), cause.toString());
                        reply(ServerReplies.POLICY_FAILED);
                    }
                    releaseInput(); // the wait does not count against the client's command timeout
                }));
    }

    @Override
    public void deliver(io.caravan.message.MessageBody body) {
        delivery.deliver(body);
    }

    void holdInput() {
        framer.pause();
    }

    void releaseInput() {
        timers.activity();
        framer.resume();
    }

    Channel channel() {
        return channel;
    }

    String tlsProtocol() {
        return tlsProtocol;
    }

    String tlsCipher() {
        return tlsCipher;
    }

    @Override
    public void continueWith(Consumer<String> handler) {
        continuation = handler;
    }

    @Override
    public void expectData(Consumer<InboundEvent.DataEnd> handler) {
        dataHandler = handler;
        framer.expectData(settings.maxMessageSize(), settings.maxTextLine(),
                io.caravan.message.Spool.directory(settings.dataDir()));
    }

    @Override
    public void expectChunk(long size, ChunkSink sink, Consumer<InboundEvent.ChunkEnd> handler) {
        chunkHandler = handler;
        framer.expectChunk(size, sink);
    }

    @Override
    public SmtpServerSettings settings() {
        return settings;
    }

    @Override
    public ServerContext server() {
        return server;
    }

    @Override
    public InetSocketAddress client() {
        return channel == null ? null : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public String helo() {
        return helo;
    }

    @Override
    public boolean esmtp() {
        return esmtp;
    }

    @Override
    public void greeted(String helo, boolean esmtp) {
        this.helo = helo;
        this.esmtp = esmtp;
    }

    @Override
    public boolean tls() {
        return tlsProtocol != null;
    }

    @Override
    public boolean tlsAvailable() {
        return server.sslContext() != null && settings.starttls() && !tls();
    }

    @Override
    public String authUser() {
        return authUser;
    }

    @Override
    public void authenticated(String user) {
        this.authUser = user;
    }

    @Override
    public InboundTransaction transaction() {
        return transaction;
    }

    @Override
    public void begin(InboundTransaction transaction) {
        if (this.transaction != null && this.transaction != transaction) {
            this.transaction.discard();
        }
        this.transaction = transaction;
    }

    @Override
    public void resetTransaction() {
        if (transaction != null) {
            transaction.discard(); // a BDAT message's spool file, unless it went on with the message
            transaction = null;
        }
    }

    @Override
    public int sessionRecipients() {
        return sessionRecipients;
    }

    @Override
    public void countRecipient() {
        sessionRecipients++;
    }
}
