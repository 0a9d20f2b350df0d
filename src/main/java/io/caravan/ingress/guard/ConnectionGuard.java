package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a new connection may be served, from the state of all connections of one listener (share
 * one instance across the listener's channels). The global limit is checked first and does not count against
 * the client: when the server is full, that is nobody's fault and {@code 4.3.2} says "system busy". Then every
 * attempt of a client counts toward its connection rate, refused ones included, so a client that keeps
 * hammering stays refused; then the client's concurrent connections. Refusals are 421: the client may come
 * back later (RFC 5321 3.8).
 *
 * <p>Per-client counters live only while the client has connections open; the rate buckets expire in the
 * {@link ClientRates}. Thread-safe.
 */
public final class ConnectionGuard {

    public static final Reply SERVER_BUSY =
            Reply.of(421, "4.3.2", "Too many connections, try again later");
    public static final Reply TOO_MANY_FROM_CLIENT =
            Reply.of(421, "4.7.0", "Too many connections from your address");
    public static final Reply CONNECTION_RATE_EXCEEDED =
            Reply.of(421, "4.7.0", "Too many connections from your address, connection rate limit exceeded");

    /** The outcome of {@link #admit}. */
    public sealed interface Admission permits Admitted, Refused {
        /** Gives the slot back; idempotent, a no-op for a refusal. */
        void release();
    }

    /** The connection holds a slot until {@link #release()}, which the channel calls when it closes. */
    public static final class Admitted implements Admission {
        private final Runnable onRelease;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admitted(Runnable onRelease) {
            this.onRelease = onRelease;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                onRelease.run();
            }
        }
    }

    /** The connection is answered with {@code reply} and closed. */
    public record Refused(Reply reply) implements Admission {
        @Override
        public void release() {
        }
    }

    private final GuardSettings settings;
    private final ClientKeys keys;
    private final ClientRates connectionRate;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> openPerClient = new ConcurrentHashMap<>();

    public ConnectionGuard(GuardSettings settings, Clock clock) {
        this.settings = settings;
        this.keys = new ClientKeys(settings.ipv6PrefixLength());
        this.connectionRate = new ClientRates(settings.connectionRatePerClient(), settings.rateWindow(), clock);
    }

    public Admission admit(InetAddress client) {
        int global = open.incrementAndGet();
        if (settings.maxConnections() > 0 && global > settings.maxConnections()) {
            open.decrementAndGet();
            return new Refused(SERVER_BUSY);
        }
        InetAddress key = keys.keyOf(client);
        if (!connectionRate.tryAcquire(key)) {
            open.decrementAndGet();
            return new Refused(CONNECTION_RATE_EXCEEDED);
        }
        int limit = settings.maxConnectionsPerClient();
        boolean[] admitted = new boolean[1];
        openPerClient.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (limit > 0 && current >= limit) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return new Refused(TOO_MANY_FROM_CLIENT);
        }
        return new Admitted(() -> {
            openPerClient.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            open.decrementAndGet();
        });
    }

    /** Connections currently admitted on this listener. */
    public int openConnections() {
        return open.get();
    }

    /** Client addresses (or IPv6 prefixes) that hold at least one connection. */
    public int clientsWithOpenConnections() {
        return openPerClient.size();
    }

    /** Client addresses whose connection rate is being tracked. */
    public int clientsTrackedForRate() {
        return connectionRate.trackedClients();
    }
}
