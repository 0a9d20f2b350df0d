package io.caravan.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the text tables of the config directory, every one of them, so they share one syntax and one way of
 * naming a bad line ({@link TableSyntaxException}: file, line, problem). Two forms:
 *
 * <ul>
 *   <li>lists, one entry a line ({@code accepted-domains}, {@code trusted-networks}, {@code users},
 *       {@code console-users}, {@code tls_policy}): {@code #} starts a comment anywhere on a line, blank lines
 *       are ignored, entries are trimmed ({@link #lines}, {@link #read});</li>
 *   <li>Postfix lookup tables (postmap(1) "INPUT FILE FORMAT", the {@code transport} map): a logical line starts
 *       with non-whitespace text, a line starting with whitespace continues it, blank lines and lines whose
 *       first non-whitespace character is {@code #} are ignored, each entry is a key, whitespace and a value
 *       ({@link #entries}).</li>
 * </ul>
 */
public final class ConfigTable {

    /** One entry of a list and the number of its line. */
    public record Line(int number, String text) {
    }

    /** One key/value pair of a lookup table and the line it starts on. */
    public record Entry(int line, String key, String value) {
    }

    private ConfigTable() {
    }

    /** The entries of a list file with their line numbers; an absent file is an empty table. */
    public static List<Line> lines(Path file) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return lines(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The entries of a list given as its physical lines, with their line numbers. */
    public static List<Line> lines(List<String> physical) {
        List<Line> out = new ArrayList<>();
        int number = 0;
        for (String raw : physical) {
            number++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (!line.isEmpty()) {
                out.add(new Line(number, line));
            }
        }
        return out;
    }

    /**
     * The entries of a list file, each first given alone to {@code check}: an entry it refuses (by throwing)
     * stops the read with a {@link TableSyntaxException} naming the file and line and carrying the refusal.
     */
    public static List<String> read(Path file, Consumer<String> check) {
        List<String> out = new ArrayList<>();
        for (Line line : lines(file)) {
            try {
                check.accept(line.text());
            } catch (RuntimeException e) {
                throw new TableSyntaxException(file.toString(), line.number(), e.getMessage());
            }
            out.add(line.text());
        }
        return out;
    }

    /** The entries of a lookup table; {@code source} names it in errors. */
    public static List<Entry> entries(String source, String text) {
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
