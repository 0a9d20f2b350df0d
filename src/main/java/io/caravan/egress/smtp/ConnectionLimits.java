package io.caravan.egress.smtp;

import java.time.Duration;

/**
 * The destination's say over connections for one delivery: how many messages a session may carry
 * before it is closed, and whether the delivery may open a new connection now.
 *
 * <p>The gate is asked only when the delivery finds no usable pooled session, and at most once per
 * delivery: the failover to further MX hosts and the cleartext retry after a failed STARTTLS
 * handshake ride on the same permit. Asking once keeps a dead or refusing first MX from spending
 * every permit and starving the hosts behind it; those extra connections are rare (a host that
 * fails before MAIL), and a receiver counts what it sees on one host.
 *
 * @param maxMessagesPerConnection messages one session may carry, this one included; the client
 *                                 caps it with {@link ClientSettings#maxDeliveriesPerConnection()}
 * @param gate                     asked before the delivery's first new connection
 */
public record ConnectionLimits(int maxMessagesPerConnection, Gate gate) {

    /** Whether a new connection may open now. */
    @FunctionalInterface
    public interface Gate {
        /** {@link Duration#ZERO} when a new connection may open (the permit is then spent), else how long to wait. */
        Duration tryOpen();
    }

    /** No limit beyond the client's own settings. */
    public static final ConnectionLimits NONE = new ConnectionLimits(Integer.MAX_VALUE, () -> Duration.ZERO);

    public ConnectionLimits {
        if (maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("maxMessagesPerConnection must be at least 1: " + maxMessagesPerConnection);
        }
        if (gate == null) {
            throw new IllegalArgumentException("gate is required");
        }
    }

    /** Messages a session may carry under both this destination's limit and the node's. */
    public int messagesPerSession(ClientSettings settings) {
        return Math.min(maxMessagesPerConnection, settings.maxDeliveriesPerConnection());
    }
}
