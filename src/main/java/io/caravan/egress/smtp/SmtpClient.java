package io.caravan.egress.smtp;

import io.caravan.egress.tls.DaneLookup;
import io.caravan.egress.tls.Tlsa;
import io.caravan.egress.tls.TlsContexts;
import io.caravan.egress.tls.TlsDemand;
import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.Dnssec;
import io.caravan.smtp.Reply;
import io.caravan.smtp.SocketTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.smtp.SmtpRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers one message to one next hop over SMTP and reports an outcome per recipient.
 *
 * <p>Hosts are tried in the given (MX preference) order. A host that cannot be reached, or that
 * fails before a transaction starts (greeting or EHLO refused, TLS required but impossible, DANE
 * mismatch or unknown), is skipped for the next one; once MAIL is sent, the answers of that host
 * are final for this attempt. When every host fails, each recipient gets the last host's reason.
 * Sessions are reused per (source, host, TLS level) through {@link SessionPool}.
 *
 * <p>The caller's {@link ConnectionLimits} bound how many messages a session carries and gate new
 * connections: a delivery that can reuse a pooled session is never held back; one that needs a new
 * connection asks the gate once, and when refused ends with {@link NewConnectionHeld} before
 * anything reaches the network (not a failover to the next host, not a reply).
 *
 * <p>Fully non-blocking: the returned stage completes on a Netty event loop, so callers must not
 * block inside their continuations.
 */
public final class SmtpClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final ClientSettings settings;
    private final TlsContexts contexts;
    private final DaneLookup dane;
    private final SessionPool pool;
    private final TlsNegotiation tls;
    /** Connections open now, busy or idle in the pool: counted at connect and at the channel's close. */
    private final AtomicInteger open = new AtomicInteger();

    private SmtpClient(EventLoopGroup group, ClientSettings settings, TlsSettings tlsSettings,
                       DaneLookup dane) {
        this.group = group;
        this.settings = settings;
        this.contexts = new TlsContexts(tlsSettings);
        this.dane = dane;
        this.pool = new SessionPool(settings);
        this.tls = new TlsNegotiation(contexts);
    }

    /**
     * A client with its own event loop group, shut down by {@link #close()}.
     *
     * @param dane the DNSSEC-validating TLSA lookup; null when no destination uses {@code dane}
     *             (a {@code dane} delivery then defers, since its policy cannot be checked)
     */
    public static SmtpClient create(ClientSettings settings, TlsSettings tlsSettings, DaneLookup dane) {
        return new SmtpClient(new MultiThreadIoEventLoopGroup(0, SocketTransport.ioHandlers()),
                settings, tlsSettings, dane);
    }

    /** A delivery under the client's own settings only: no destination limits, no connection gate. */
    public CompletionStage<DeliveryResult> deliver(SmtpSource source, List<MxTarget> hosts, TlsPolicy policy,
                                                   Envelope envelope, byte[] message) {
        return deliver(source, hosts, policy, envelope, message, ConnectionLimits.NONE);
    }

    /**
     * @return the outcomes; fails with {@link NewConnectionHeld} when a new connection was needed
     *         and {@code limits} refused it (nothing was sent)
     */
    public CompletionStage<DeliveryResult> deliver(SmtpSource source, List<MxTarget> hosts, TlsPolicy policy,
                                                   Envelope envelope, byte[] message, ConnectionLimits limits) {
        return deliver(source, hosts, policy, envelope, new MessageBody.Bytes(message), limits);
    }

    /** As above, for a body that may be spooled: it is then streamed from its file to the socket. */
    public CompletionStage<DeliveryResult> deliver(SmtpSource source, List<MxTarget> hosts, TlsPolicy policy,
                                                   Envelope envelope, MessageBody message, ConnectionLimits limits) {
        return deliver(source, hosts, TlsDemand.of(policy), envelope, message, limits);
    }

    /** As above, with what all the delivery's recipients ask of TLS together. */
    public CompletionStage<DeliveryResult> deliver(SmtpSource source, List<MxTarget> hosts, TlsDemand demand,
                                                   Envelope envelope, MessageBody message, ConnectionLimits limits) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no MX host to deliver to");
        }
        return tryHost(0, new Attempt(source, List.copyOf(hosts), demand, envelope, message, limits,
                new AtomicBoolean(), new AtomicBoolean(), new ArrayList<>(), System.nanoTime(), new AtomicLong(),
                new AtomicReference<>(List.of())),
                null);
    }

    /** Sessions waiting in the pool; for tests and metrics. */
    public int idleSessions() {
        return pool.idleCount();
    }

    /** Connections open now (delivering, or idle in the pool); for metrics. */
    public int openConnections() {
        return open.get();
    }

    private SmtpConnection counted(SmtpConnection connection) {
        open.incrementAndGet();
        connection.channel().closeFuture().addListener(f -> open.decrementAndGet());
        return connection;
    }

    /**
     * @param dialled whether the gate already let this delivery open a connection
     * @param bogus   whether a host was skipped because its TLSA answer could not be validated: said of
     *                the result only when no host took the message
     * @param started when the client got the delivery (System.nanoTime)
     * @param ready   when the last transaction began, 0 before one did: splits the mail log's delays
     * @param tlsa    the TLSA records of the host tried last, for the TLS report of the one that decides
     */
    private record Attempt(SmtpSource source, List<MxTarget> hosts, TlsDemand demand, Envelope envelope,
                           MessageBody message, ConnectionLimits limits, AtomicBoolean dialled,
                           AtomicBoolean bogus, List<String> log, long started, AtomicLong ready,
                           AtomicReference<List<Tlsa>> tlsa) {

        DeliveryResult result(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls, Dnssec dnssec) {
            long now = System.nanoTime();
            long began = ready.get();
            long setup = (began == 0 ? now : began) - started;
            return new DeliveryResult(outcomes, target, tls, log, dnssec, setup, began == 0 ? 0 : now - began,
                    tlsa.get());
        }
    }

    private CompletableFuture<DeliveryResult> tryHost(int index, Attempt a, SessionFailure last) {
        if (index >= a.hosts.size()) {
            return CompletableFuture.completedFuture(failedAll(a, a.hosts.get(a.hosts.size() - 1), last));
        }
        MxTarget target = a.hosts.get(index);
        a.tlsa.set(List.of()); // a host whose TLSA lookup fails keeps none
        return tls.level(dane, target, a.demand.level())
                .thenCompose(level -> {
                    TlsNegotiation.Level applied = level.atLeast(a.demand.floor());
                    a.tlsa.set(applied.tlsa());
                    return deliverOn(a, target, applied).exceptionallyCompose(e -> RequireTls.failure(a.demand, e));
                })
                .exceptionallyCompose(error -> {
                    NewConnectionHeld held = NewConnectionHeld.in(error);
                    if (held != null) {
                        return CompletableFuture.failedFuture(held);
                    }
                    SessionFailure failure = SessionFailure.unwrap(error);
                    if (failure == null) {
                        failure = new SessionFailure(Phase.CONNECT, Replies.local(451, "4.3.0",
                                "delivery to " + target + " failed: " + Replies.describe(error)), false);
                    }
                    a.log.add(target + ": " + failure.phase + " " + failure.reply.code() + " "
                            + failure.reply.text().replace('\n', ' '));
                    if (failure.dnssecBogus) {
                        a.bogus.set(true);
                    }
                    if (failure.tryNextHost) {
                        return tryHost(index + 1, a, failure);
                    }
                    return CompletableFuture.completedFuture(failedAll(a, target, failure));
                });
    }

    private static DeliveryResult failedAll(Attempt a, MxTarget target, SessionFailure failure) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (Recipient r : a.envelope.recipients()) {
            outcomes.add(new RecipientOutcome(r, failure.reply, failure.phase, failure.remote));
        }
        return a.result(outcomes, target, TlsInfo.NONE, a.bogus.get() ? Dnssec.BOGUS : null);
    }

    /**
     * One transaction on a pooled session, or on a new one if the gate allows. A pooled session is checked
     * with RSET first: in the transaction's own pipelined group when the server offers PIPELINING, else on
     * its own. Either way a session that fails its RSET is replaced by a new one.
     */
    private CompletableFuture<DeliveryResult> deliverOn(Attempt a, MxTarget target, TlsNegotiation.Level level) {
        SessionPool.Key key = new SessionPool.Key(a.source, target, level.policy());
        SmtpConnection pooled = pool.take(key, a.limits);
        if (pooled == null) {
            return onNewSession(a, key, level);
        }
        if (pooled.capabilities.pipelining()) {
            return transaction(a, key, pooled, true).exceptionallyCompose(e -> {
                if (!StaleSession.in(e)) {
                    return CompletableFuture.failedFuture(e);
                }
                pooled.close();
                return onNewSession(a, key, level);
            });
        }
        return pooled.command(SmtpRequests.rset(), Phase.RSET)
                .handle((reply, error) -> error == null && reply.positive())
                .thenCompose(alive -> {
                    if (alive) {
                        return transaction(a, key, pooled, false);
                    }
                    pooled.quit(); // closes at once when the session is already gone
                    return onNewSession(a, key, level);
                });
    }

    private CompletableFuture<DeliveryResult> onNewSession(Attempt a, SessionPool.Key key, TlsNegotiation.Level level) {
        return dial(a, key.target(), level).thenCompose(c -> transaction(a, key, c, false));
    }

    private CompletableFuture<DeliveryResult> transaction(Attempt a, SessionPool.Key key, SmtpConnection c,
                                                          boolean reset) {
        SessionFailure unfit = RequireTls.unfit(a.demand, c);
        if (unfit != null) {
            pool.give(key, c, a.limits); // a good session for other mail, pooled or new
            return CompletableFuture.failedFuture(unfit);
        }
        a.ready.set(System.nanoTime());
        return new Transaction(c, a.envelope, a.message, reset).run().thenApply(outcomes -> {
            TlsInfo info = c.tls;
            pool.give(key, c, a.limits);
            return a.result(outcomes, key.target(), info, null);
        });
    }

    /** A new connection: the delivery's first one needs the gate's permit, later ones ride on it. */
    private CompletableFuture<SmtpConnection> dial(Attempt a, MxTarget target, TlsNegotiation.Level level) {
        if (!a.dialled.get()) {
            Duration wait = a.limits.gate().tryOpen();
            if (!wait.isZero()) {
                return CompletableFuture.failedFuture(new NewConnectionHeld(wait));
            }
            a.dialled.set(true);
        }
        return open(a.source, target, level);
    }

    private CompletableFuture<SmtpConnection> open(SmtpSource source, MxTarget target, TlsNegotiation.Level level) {
        CompletableFuture<SmtpConnection> opened = SmtpConnection.open(group, source, target, settings)
                .thenApply(this::counted)
                .thenCompose(c -> c.expect(Phase.GREETING)
                        .thenCompose(greeting -> {
                            refuseUnless(c, greeting, Phase.GREETING);
                            return c.hello();
                        })
                        .thenCompose(hello -> {
                            refuseUnless(c, hello, Phase.EHLO);
                            return tls.negotiate(c, level);
                        }));
        if (level.policy() != TlsPolicy.MAY) {
            return opened;
        }
        // Postfix's "may": a failed handshake is retried once in cleartext on a new connection
        return opened.exceptionallyCompose(error -> {
            SessionFailure failure = SessionFailure.unwrap(error);
            if (failure != null && failure.phase == Phase.TLS) {
                return open(source, target, TlsNegotiation.Level.PLAINTEXT);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    private static void refuseUnless(SmtpConnection c, Reply reply, Phase phase) {
        if (!reply.positive()) {
            c.quit();
            throw new SessionFailure(phase, reply, true);
        }
    }

    @Override
    public void close() {
        pool.closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
