package io.caravan.routing.classes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of a message (RFC 5322 §2.2), read from its bytes up to the first empty line
 * and no further: classification needs a few header values, and the body may be large. Lines may
 * end in CRLF or a bare LF; a line starting with space or tab continues the field before it. Each
 * field remembers where its bytes are, so a field can be cut out of the message without changing
 * any other byte (DKIM signatures and the body stay intact).
 */
public final class HeaderFields {

    /** One field: its name, its unfolded value, and its bytes [start, end) including the line ends. */
    public record Field(String name, String value, int start, int end) {
    }

    private final List<Field> fields;

    private HeaderFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    public static HeaderFields of(List<Field> fields) {
        return new HeaderFields(fields);
    }

    public static HeaderFields parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int fieldStart = -1;
        while (pos < message.length) {
            int lineEnd = lineEnd(message, pos);
            boolean empty = lineEnd == pos || (lineEnd == pos + 1 && message[pos] == '\r');
            if (empty) {
                break; // the blank line that ends the header section
            }
            boolean continuation = message[pos] == ' ' || message[pos] == '\t';
            if (!continuation) {
                if (fieldStart >= 0) {
                    addField(message, fieldStart, pos, fields);
                }
                fieldStart = pos;
            }
            pos = Math.min(message.length, lineEnd + 1);
        }
        if (fieldStart >= 0) {
            addField(message, fieldStart, pos, fields);
        }
        return new HeaderFields(fields);
    }

    public List<Field> all() {
        return fields;
    }

    /** The unfolded, trimmed value of the first field with that name (case-insensitive). */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    /**
     * The message without any field of that name; every other byte (other fields, their line
     * ends, the blank line, the body) is kept exactly. Returns the same array when there is none.
     */
    public static byte[] remove(byte[] message, String name) {
        List<Field> doomed = parse(message).all().stream()
                .filter(f -> f.name().equalsIgnoreCase(name)).toList();
        if (doomed.isEmpty()) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int copied = 0;
        for (Field f : doomed) {
            out.write(message, copied, f.start() - copied);
            copied = f.end();
        }
        out.write(message, copied, message.length - copied);
        return out.toByteArray();
    }

    private static int lineEnd(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == '\n') {
                return i;
            }
        }
        return message.length;
    }

    private static void addField(byte[] message, int start, int end, List<Field> fields) {
        String raw = new String(message, start, end - start, StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        String name = colon <= 0 ? "" : raw.substring(0, colon).stripTrailing();
        if (!name.matches("[!-9;-~]+")) {
            return; // not a field (e.g. an mbox "From " line): kept in the bytes, never matched
        }
        String value = raw.substring(colon + 1).replaceAll("\r?\n", "").strip();
        fields.add(new Field(name, value, start, end));
    }
}
