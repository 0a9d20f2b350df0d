package io.caravan.bench;

/** The two ways the field run's load connects: what an MX sees from many senders, and what a busy submitter does. */
enum FieldMode {
    REUSED("reused", "connections reused (`smtp-source -d`): each session sends message after message on one connection"),
    NEW("new", "a new connection per message (`smtp-source` without `-d`): connect, HELO, one transaction, QUIT, as an MX sees it");

    private final String key;
    private final String description;

    FieldMode(String key, String description) {
        this.key = key;
        this.description = description;
    }

    String key() {
        return key;
    }

    String description() {
        return description;
    }

    static FieldMode of(String key) {
        for (FieldMode m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown connection mode " + key + " (reused, new)");
    }
}
