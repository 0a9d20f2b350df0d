package io.caravan.egress.smtp;

/**
 * A pooled session turned out dead, or refused the RSET that opened a reused session's pipelined group.
 * The server answered nothing after that RSET and saw no content, so this message is untouched:
 * the client opens a new session and starts over, as it does when a stand-alone RSET fails.
 */
final class StaleSession extends RuntimeException {

    StaleSession() {
        super("the pooled session did not answer its RSET", null, false, false);
    }

    static boolean in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StaleSession) {
                return true;
            }
        }
        return false;
    }
}
