package io.caravan.reputation;

/**
 * Where a failure came from. Only replies from the receiving server say
 * anything about our reputation; failures caused by Caravan itself (its own
 * throttling, a local I/O error, a DNS timeout) must never suspend a source or
 * count towards a trigger.
 */
public sealed interface Origin {

    /** A reply sent by the receiving server to the given source (an egress source name or IP). */
    record Remote(String source) implements Origin {
        public Remote {
            source = source == null ? "" : source;
        }
    }

    /** A failure produced locally; {@code why} is for logs only. */
    record Local(String why) implements Origin {
    }

    static Origin remote(String source) {
        return new Remote(source);
    }

    static Origin local(String why) {
        return new Local(why);
    }
}
