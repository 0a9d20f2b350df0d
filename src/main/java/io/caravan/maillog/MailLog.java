package io.caravan.maillog;

import io.caravan.reputation.ReputationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger {@code maillog}: one line per accepted message, per recipient outcome and per suspension
 * or resumption of a source, so that operators can send it to a file of its own (docs/OPERATIONS.md).
 * The lines' text is {@link MailLogLines}'.
 */
public final class MailLog {

    public static final String LOGGER = "maillog";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private MailLog() {
    }

    public static void line(String line) {
        LOG.info(line);
    }

    /**
     * A suspension (or block) or a resumption that this node applied; throttles are not written (the
     * console shows a pair's rate). Call it only when the event changed this node's state, so that a
     * node's own event, echoed back by the region's stream, is written once.
     */
    public static void reputation(ReputationEvent e) {
        if (e instanceof ReputationEvent.Suspended s) {
            line(MailLogLines.reputation(s.source(), s.provider(), s.blocked() ? "blocked" : "suspended", s.rule(),
                    s.until(), s.node(), s.reason()));
        } else if (e instanceof ReputationEvent.Resumed r) {
            line(MailLogLines.reputation(r.source(), r.provider(), "resumed", r.rule(), null, r.node(), r.reason()));
        }
    }

    /** Whether lines are written at all; callers skip building them when not. */
    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }
}
