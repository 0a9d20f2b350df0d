package io.caravan.reputation;

import java.util.Locale;

/**
 * What a rule asks Caravan to do. SUSPEND, BLOCK, THROTTLE and SHIFT act on the
 * (source, provider) pair and wait for the rule's trigger; REWRITE, BOUNCE and
 * DEFER act on the message that got the reply.
 */
public enum Action {
    /** Stop using the source for the provider for the rule's duration. */
    SUSPEND(true),
    /** Take the source out for the provider until an operator or a long duration restores it. */
    BLOCK(true),
    /** Multiply the source × provider rate (and connection) limits down by the rule's factor. */
    THROTTLE(true),
    /** Send the provider's traffic through another source or pool of the region. */
    SHIFT(true),
    /** Treat the reply as the other code class (5xx rate limits are temporary, and the reverse). */
    REWRITE(false),
    /** Return the message to its sender. */
    BOUNCE(false),
    /** Keep the message and retry later. */
    DEFER(false);

    private final boolean sourceLevel;

    Action(boolean sourceLevel) {
        this.sourceLevel = sourceLevel;
    }

    /** True when the action is about the (source, provider) pair rather than the message. */
    public boolean sourceLevel() {
        return sourceLevel;
    }

    public static Action parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
