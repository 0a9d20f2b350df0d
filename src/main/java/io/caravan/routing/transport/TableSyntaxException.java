package io.caravan.routing.transport;

import io.caravan.config.ConfigException;

/** A malformed line in a Postfix-style lookup table; the message names the source and line number. */
public final class TableSyntaxException extends ConfigException {

    private final String source;
    private final int line;

    public TableSyntaxException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
