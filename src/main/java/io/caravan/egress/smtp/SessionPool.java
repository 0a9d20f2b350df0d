package io.caravan.egress.smtp;

import io.caravan.egress.tls.TlsPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle sessions kept for the next message to the same host from the same source, so a burst to
 * one provider does not pay a TCP and TLS handshake per message (and does not look like a
 * connection flood to the receiver). A session returns only when its transaction ended cleanly
 * and it has carried fewer messages than the delivery's limit (the smaller of the node's
 * {@code maxDeliveriesPerConnection} and the destination's {@code max_messages_per_connection});
 * a session taken for a delivery whose limit it has already reached is closed with QUIT instead,
 * since one MX host may serve domains with different limits. An idle one is closed with QUIT
 * after the idle timeout.
 */
final class SessionPool {

    record Key(SmtpSource source, MxTarget target, TlsPolicy level) {
    }

    private final ClientSettings settings;
    private final Map<Key, Deque<SmtpConnection>> idle = new HashMap<>();

    SessionPool(ClientSettings settings) {
        this.settings = settings;
    }

    /**
     * An idle session for the key that may carry one more message under {@code limits}, or null.
     * The caller must RSET it before use.
     */
    SmtpConnection take(Key key, ConnectionLimits limits) {
        int max = limits.messagesPerSession(settings);
        List<SmtpConnection> spent = new ArrayList<>();
        SmtpConnection found = null;
        synchronized (this) {
            Deque<SmtpConnection> sessions = idle.get(key);
            while (found == null && sessions != null && !sessions.isEmpty()) {
                SmtpConnection c = sessions.pollFirst();
                if (c.idleClose != null) {
                    c.idleClose.cancel(false);
                    c.idleClose = null;
                }
                if (c.usable() && c.deliveries < max) {
                    found = c;
                } else {
                    spent.add(c);
                }
            }
        }
        spent.forEach(SmtpConnection::quit);
        return found;
    }

    /** Back to the pool after a delivery under {@code limits}, or QUIT when it carried its share. */
    void give(Key key, SmtpConnection c, ConnectionLimits limits) {
        if (!c.usable() || c.deliveries >= limits.messagesPerSession(settings)) {
            c.quit();
            return;
        }
        synchronized (this) {
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(c);
            c.idleClose = c.eventLoop().schedule(() -> {
                boolean removed;
                synchronized (SessionPool.this) {
                    Deque<SmtpConnection> sessions = idle.get(key);
                    removed = sessions != null && sessions.remove(c);
                }
                if (removed) {
                    c.quit();
                }
            }, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void closeAll() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnection::quit);
    }

    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }
}
