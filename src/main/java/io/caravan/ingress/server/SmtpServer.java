package io.caravan.ingress.server;

import io.caravan.ingress.auth.AuthSettings;
import io.caravan.ingress.auth.Authenticator;
import io.caravan.ingress.auth.UserStore;
import io.caravan.ingress.policy.RelayPolicy;
import io.caravan.ingress.policy.IngressTables;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.protocol.SmtpFramer;
import io.caravan.ingress.session.IngressObserver;
import io.caravan.ingress.session.MessageSink;
import io.caravan.ingress.session.ServerContext;
import io.caravan.ingress.session.SessionHook;
import io.caravan.ingress.session.SmtpSession;
import io.caravan.message.QueueId;
import io.caravan.smtp.SocketTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.component.netty.SingleTCPNettyServerBootstrapFactory;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One SMTP listener. The pipeline of each connection is: the guard handlers
 * (connection-level checks such as pregreet, rate limits, DNSBL, added first
 * so they see a connection before any SMTP happens), then the framer, then
 * the session. STARTTLS inserts the TLS handler just before the framer.
 *
 * <p>{@link #stop()} drains: from its first moment a new connection hears
 * {@code 421 4.3.2} and is closed (a sending MTA then tries another MX or
 * later, which a refused connection would also cause, but with a reason in
 * its log), idle sessions get the same 421, a message whose data is arriving
 * is finished first, within the grace period; whatever remains after it is
 * closed, and only then the listening socket.
 */
public final class SmtpServer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

    private final SmtpServerSettings settings;
    private final ServerContext context;
    private final List<Supplier<ChannelHandler>> guards;
    private final ChannelGroup sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** the listening channel only: the bootstrap adds it; the sessions are in {@link #sessions} */
    private final ChannelGroup listening = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private SingleTCPNettyServerBootstrapFactory bootstrap;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;
    private volatile boolean draining;

    /**
     * @param guards        handler factories added first in every connection's pipeline, in order
     * @param hooks         per-session hooks called at MAIL, RCPT and message completion
     * @param authenticator checks AUTH credentials; share one between listeners so that its bounds hold per node
     */
    public SmtpServer(SmtpServerSettings settings, MessageSink sink, RelayPolicy relayPolicy, UserStore users,
                      List<Supplier<ChannelHandler>> guards, List<SessionHook> hooks, Clock clock,
                      Authenticator authenticator) {
        this(settings, sink, relayPolicy, () -> users, guards, hooks, clock, authenticator);
    }

    /** @param users the users table in force, asked at each AUTH */
    public SmtpServer(SmtpServerSettings settings, MessageSink sink, RelayPolicy relayPolicy,
                      Supplier<UserStore> users, List<Supplier<ChannelHandler>> guards, List<SessionHook> hooks,
                      Clock clock, Authenticator authenticator) {
        this(settings, sink, relayPolicy, users, guards, hooks, clock, authenticator, IngressObserver.Factory.NONE);
    }

    /** @param observers the node's metrics, given this listener's name and its open sessions */
    public SmtpServer(SmtpServerSettings settings, MessageSink sink, RelayPolicy relayPolicy,
                      Supplier<UserStore> users, List<Supplier<ChannelHandler>> guards, List<SessionHook> hooks,
                      Clock clock, Authenticator authenticator, IngressObserver.Factory observers) {
        this.settings = settings;
        this.guards = List.copyOf(guards);
        SslContext ssl = settings.starttls() ? ServerTlsContexts.forServer(settings) : null;
        this.context = new ServerContext(settings, sink, relayPolicy, users, ssl, new QueueId(clock), clock,
                hooks, authenticator, observers.listener(settings.name(), sessions::size));
    }

    /** A server with an authenticator of its own, with the default settings. */
    public SmtpServer(SmtpServerSettings settings, MessageSink sink, RelayPolicy relayPolicy, UserStore users,
                      List<Supplier<ChannelHandler>> guards, List<SessionHook> hooks, Clock clock) {
        this(settings, sink, relayPolicy, users, guards, hooks, clock, new Authenticator(AuthSettings.defaults(), clock));
    }

    /** A server deciding with the node's live policy tables. */
    public static SmtpServer fromConfig(SmtpServerSettings settings, MessageSink sink,
                                        List<Supplier<ChannelHandler>> guards, List<SessionHook> hooks,
                                        Authenticator authenticator, IngressTables tables,
                                        IngressObserver.Factory observers) {
        return new SmtpServer(settings, sink, tables.relayPolicy(), tables.users(), guards, hooks,
                Clock.systemUTC(), authenticator, observers);
    }

    /**
     * Binds the listening socket with camel-netty's server bootstrap, which hands each accepted connection to
     * {@link #initConnection}. The event loops are this listener's own, given to the bootstrap as its boss and
     * worker groups: their threads carry the listener's name, they run on the transport {@link SocketTransport}
     * chooses (epoll on Linux), and {@link #stop()} waits for them to end.
     */
    public synchronized SmtpServer start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("smtp-accept-" + settings.name()),
                SocketTransport.ioHandlers());
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("smtp-" + settings.name()),
                SocketTransport.ioHandlers());
        NettyServerBootstrapConfiguration bind = new NettyServerBootstrapConfiguration();
        bind.setProtocol("tcp");
        bind.setHost(settings.bindAddress());
        bind.setPort(settings.port());
        bind.setBacklog(256);
        // the channel class must match the groups' transport: camel-netty picks epoll's when this is set
        bind.setNativeTransport(SocketTransport.isNative());
        bind.setBossGroup(boss);
        bind.setWorkerGroup(workers);
        bind.setChannelGroup(listening);
        SingleTCPNettyServerBootstrapFactory factory = new SingleTCPNettyServerBootstrapFactory();
        // camel-netty asks for a CamelContext or a thread factory; with the groups given it makes no thread
        factory.init(new DefaultThreadFactory("smtp-" + settings.name()), bind, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initConnection(ch);
            }
        });
        try {
            ServiceHelper.startService(factory);
        } catch (RuntimeException e) {
            ServiceHelper.stopService(factory);
            shutdownLoops();
            throw e;
        }
        bootstrap = factory;
        listener = listening.stream().filter(ServerChannel.class::isInstance).findFirst()
                .orElseThrow(() -> new IllegalStateException("no listening channel for " + settings.name()));
        LOG.info("SMTP listener {} ({}) on {} ({})", settings.name(), settings.role(), listener.localAddress(),
                SocketTransport.name());
        return this;
    }

    /** Installs a new connection's pipeline: the guards, the framer, the session; or a 421 while draining. */
    private void initConnection(Channel ch) {
        if (draining) {
            ch.writeAndFlush(Unpooled.copiedBuffer(ServerReplies.SHUTTING_DOWN.toWire(), StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        sessions.add(ch);
        for (Supplier<ChannelHandler> guard : guards) {
            ch.pipeline().addLast(guard.get());
        }
        SmtpFramer framer = new SmtpFramer(settings.maxCommandLine());
        ch.pipeline().addLast(SmtpFramer.NAME, framer);
        ch.pipeline().addLast("smtp-session", new SmtpSession(context, framer));
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /**
     * Takes no new mail from this moment: new connections hear 421, idle sessions are told and closed, a
     * message under way is finished. Returns at once; {@link #stop()} then waits for the sessions.
     */
    public void drain() {
        if (draining) {
            return;
        }
        draining = true;
        for (Channel ch : sessions) {
            SmtpSession session = ch.pipeline().get(SmtpSession.class);
            if (session != null && ch.isActive()) {
                session.shutdown(ch);
            }
        }
    }

    /**
     * Takes new connections again after a {@link #drain()} an operator asked for (a stop does not undrain):
     * the sessions the drain closed stay closed; their clients try again.
     */
    public synchronized void undrain() {
        if (listener != null) {
            draining = false;
        }
    }

    /** Graceful stop, bounded by {@link SmtpServerSettings#shutdownGrace()}. */
    public synchronized void stop() throws InterruptedException {
        if (listener == null) {
            return;
        }
        drain();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        sessions.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // closed and waited for here, so the port is free when stop returns (the bootstrap's own close of it
        // waits 100 ms at most); the bootstrap leaves the groups it was given to their owner
        listener.close().sync();
        listener = null;
        ServiceHelper.stopService(bootstrap);
        bootstrap = null;
        shutdownLoops();
        LOG.info("SMTP listener {} stopped", settings.name());
    }

    private void shutdownLoops() {
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
