package io.caravan.config;

/**
 * A name one config file uses that another file defines (a provider named in responses.yaml), with
 * where it is written, so a check that refuses the name can point at the line.
 *
 * @param name the name as the file's loader reads it
 * @param file the file
 * @param line the line, from 1; 0 when not known
 */
public record Mention(String name, String file, int line) {

    /** {@code file:line}, or the file alone when the line is not known. */
    public String where() {
        return line > 0 ? file + ":" + line : file;
    }
}
