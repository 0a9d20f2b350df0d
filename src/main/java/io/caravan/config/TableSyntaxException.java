package io.caravan.config;

/** A malformed line in a table of the config directory ({@link ConfigTable}); the message names the file and line. */
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
