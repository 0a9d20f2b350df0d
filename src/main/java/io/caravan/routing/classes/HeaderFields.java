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
        return parse(message).without(message, name);
    }

    /**
     * As {@link #remove(byte[], String)}, for the message these fields were parsed from, without
     * reading its header section a second time.
     */
    public byte[] without(byte[] message, String name) {
        List<Field> doomed = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                doomed.add(f);
            }
        }
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
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (message[i] == ':') {
                colon = i;
                break;
            }
        }
        int nameEnd = colon;
        while (nameEnd > start && message[nameEnd - 1] >= 0 && Character.isWhitespace(message[nameEnd - 1])) {
            nameEnd--;
        }
        if (colon < 0 || nameEnd == start || !printableName(message, start, nameEnd)) {
            return; // not a field (e.g. an mbox "From " line): kept in the bytes, never matched
        }
        String name = new String(message, start, nameEnd - start, StandardCharsets.US_ASCII);
        fields.add(new Field(name, unfold(message, colon + 1, end), start, end));
    }

    /** RFC 5322 field names: printable US-ASCII except the colon. */
    private static boolean printableName(byte[] message, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = message[i];
            if (b < '!' || b > '~' || b == ':') {
                return false;
            }
        }
        return true;
    }

    /** The value with its line breaks (CRLF or LF) removed, then stripped. */
    private static String unfold(byte[] message, int from, int to) {
        // the field's own line end is cut on the bytes, so an unfolded field (nearly all) is copied once
        int end = to;
        if (end > from && message[end - 1] == '\n') {
            end--;
        }
        if (end > from && message[end - 1] == '\r') {
            end--;
        }
        return new String(message, from, end - from, StandardCharsets.UTF_8)
                .replace("\r\n", "").replace("\n", "").strip();
    }
}
