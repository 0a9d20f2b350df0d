package io.caravan.ingress.auth;

import io.caravan.ingress.guard.ClientKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks AUTH credentials for every listener of a node. Verification is
 * slow on purpose, so it runs on a pool of its own with a bounded queue: a
 * flood of AUTH attempts queues there instead of taking every core from
 * mail, and once the queue is full further attempts are answered at once
 * with a temporary failure rather than waiting without bound. A client or
 * user locked out by {@link AuthLockout} is refused before the queue, and
 * again just before verifying, since it may have been locked meanwhile.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;
    private final AuthLockout lockout;
    private final ClientKeys clientKeys;

    public Authenticator(AuthSettings settings, Clock clock) {
        this.lockout = new AuthLockout(settings, clock);
        this.clientKeys = new ClientKeys(settings.ipv6PrefixLength());
        String name = "smtp-auth-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 10, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxQueued()), r -> {
                    Thread t = new Thread(r, name + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // shared by listeners that start and stop on their own, so nobody shuts it down: idle threads just end
        pool.allowCoreThreadTimeOut(true);
    }

    /** Completes off the caller's thread, except for an answer known without verifying. */
    public CompletableFuture<AuthOutcome> check(UserStore users, InetAddress client, String user, String password) {
        String clientKey = clientKeys.keyOf(client).getHostAddress();
        AuthOutcome refusal = lockout.refusal(clientKey, user);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        try {
            return CompletableFuture.supplyAsync(() -> verify(users, clientKey, user, password), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(AuthOutcome.BUSY);
        }
    }

    private AuthOutcome verify(UserStore users, String clientKey, String user, String password) {
        AuthOutcome refusal = lockout.refusal(clientKey, user);
        if (refusal != null) {
            return refusal;
        }
        try {
            if (users.verify(user, password)) {
                return AuthOutcome.OK;
            }
            lockout.failed(clientKey, user);
            return AuthOutcome.BAD_CREDENTIALS;
        } catch (RuntimeException e) {
            LOG.warn("password check failed: {}", e.toString());
            return AuthOutcome.BUSY;
        }
    }

    /** For tests that need the pool busy. */
    Executor pool() {
        return pool;
    }
}
