package io.caravan.egress.smtp;

import java.time.Duration;

/**
 * A delivery ended before it spoke to anyone: it needed a new connection and its
 * {@link ConnectionLimits.Gate} said not yet. Nothing was sent and no receiver answered, so this
 * is neither a failure of the message nor of a host: the caller puts the delivery back for
 * {@link #retryAfter()} without counting an attempt, and the reply rules never see it.
 */
public final class NewConnectionHeld extends RuntimeException {

    private final Duration retryAfter;

    public NewConnectionHeld(Duration retryAfter) {
        super("no new connection for " + retryAfter, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The hold somewhere in a failure's causes (completion stages wrap it), or null. */
    public static NewConnectionHeld in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NewConnectionHeld held) {
                return held;
            }
        }
        return null;
    }
}
