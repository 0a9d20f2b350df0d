package io.caravan.reputation;

/**
 * Where a failure came from. Only replies from the receiving server say
 * anything about our reputation; failures caused by Caravan itself (its own
 * throttling, a local I/O error, a DNS timeout) must never suspend a source or
 * count towards a trigger.
 */
public sealed interface Origin {

    /**
     * A reply sent by the receiving server to the given source (an egress source name or IP), which
     * sent from {@code address} (its bind address as a literal; null when not known).
     */
    record Remote(String source, String address) implements Origin {
        public Remote {
            source = source == null ? "" : source;
        }

        public Remote(String source) {
            this(source, null);
        }
    }

    /** A failure produced locally; {@code why} is for logs only. */
    record Local(String why) implements Origin {
    }

    static Origin remote(String source) {
        return new Remote(source);
    }

    static Origin remote(String source, String address) {
        return new Remote(source, address);
    }

    static Origin local(String why) {
        return new Local(why);
    }
}
