package io.caravan.egress.smtp;

import java.time.Duration;

/**
 * The SMTP client's knobs. Timeouts are per dialogue step as RFC 5321 §4.5.3.2 recommends: the
 * long end-of-data wait matters because receivers scan content before they answer, and giving
 * up early makes duplicates (the receiver accepted, we retry).
 *
 * @param maxDeliveriesPerConnection messages sent over one session before it is closed
 * @param idleTimeout how long an idle session waits in the pool for the next message
 * @param maxReplyLineLength longest reply line accepted from a peer
 */
public record ClientSettings(
        Duration connectTimeout,
        Duration greetingTimeout,
        Duration ehloTimeout,
        Duration mailTimeout,
        Duration rcptTimeout,
        Duration dataInitTimeout,
        Duration endOfDataTimeout,
        Duration rsetTimeout,
        Duration tlsHandshakeTimeout,
        int maxDeliveriesPerConnection,
        Duration idleTimeout,
        int maxReplyLineLength) {

    public static ClientSettings defaults() {
        return new ClientSettings(
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                100,
                Duration.ofSeconds(30),
                4096);
    }

    /** Every step's timeout set to one value: for tests against silent peers. */
    public ClientSettings withAllTimeouts(Duration timeout) {
        return new ClientSettings(timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout,
                timeout, maxDeliveriesPerConnection, idleTimeout, maxReplyLineLength);
    }

    public ClientSettings withMaxDeliveriesPerConnection(int max) {
        return new ClientSettings(connectTimeout, greetingTimeout, ehloTimeout, mailTimeout, rcptTimeout,
                dataInitTimeout, endOfDataTimeout, rsetTimeout, tlsHandshakeTimeout, max, idleTimeout,
                maxReplyLineLength);
    }

    public ClientSettings withIdleTimeout(Duration idle) {
        return new ClientSettings(connectTimeout, greetingTimeout, ehloTimeout, mailTimeout, rcptTimeout,
                dataInitTimeout, endOfDataTimeout, rsetTimeout, tlsHandshakeTimeout, maxDeliveriesPerConnection,
                idle, maxReplyLineLength);
    }

    public Duration timeout(Phase phase) {
        return switch (phase) {
            case CONNECT -> connectTimeout;
            case GREETING -> greetingTimeout;
            case EHLO, STARTTLS -> ehloTimeout;
            case TLS -> tlsHandshakeTimeout;
            case MAIL -> mailTimeout;
            case RCPT -> rcptTimeout;
            case DATA -> dataInitTimeout;
            case END_OF_DATA -> endOfDataTimeout;
            case RSET -> rsetTimeout;
        };
    }
}
