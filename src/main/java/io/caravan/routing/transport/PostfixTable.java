package io.caravan.routing.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the logical lines of a Postfix-style text table (postmap(1) "INPUT FILE FORMAT"): a
 * logical line starts with non-whitespace text, a line starting with whitespace continues it,
 * blank lines and lines whose first non-whitespace character is {@code #} are ignored. Each
 * entry is a key, whitespace, and a value; it keeps the number of its first physical line so
 * errors can point the operator at it.
 */
public final class PostfixTable {

    /** One key/value pair and the line it starts on. */
    public record Entry(int line, String key, String value) {
    }

    private PostfixTable() {
    }

    public static List<Entry> parse(String source, String text) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder logical = null;
        int startLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (logical == null) {
                    throw new TableSyntaxException(source, i + 1, "continuation line without a preceding entry");
                }
                logical.append(' ').append(trimmed);
                continue;
            }
            if (logical != null) {
                entries.add(entry(source, startLine, logical.toString()));
            }
            logical = new StringBuilder(trimmed);
            startLine = i + 1;
        }
        if (logical != null) {
            entries.add(entry(source, startLine, logical.toString()));
        }
        return entries;
    }

    private static Entry entry(String source, int line, String logical) {
        String[] parts = logical.split("\\s+", 2);
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new TableSyntaxException(source, line, "expected \"key value\", got \"" + logical + "\"");
        }
        return new Entry(line, parts[0], parts[1].strip());
    }
}
