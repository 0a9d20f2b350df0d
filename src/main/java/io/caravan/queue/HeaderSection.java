package io.caravan.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.broker.QueuedBodies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A queued copy's header section (RFC 5322: the lines before the first empty line of the message), as the
 * node hands it to {@code caravan queue show}: read from the first {@link #LIMIT} bytes of the body only, so a
 * large message costs the tool no more than a small one. The node sends one entry per copy, a line naming the
 * copy ({@code QUEUE MESSAGE-ID whole|cut}) and then the section as it is; the tool prints it one field a line.
 *
 * @param fields the fields, folded lines joined, control characters written as {@code \xNN}
 * @param cut    whether the first {@link #LIMIT} bytes held no end of the section (then only its complete lines)
 */
public record HeaderSection(List<String> fields, boolean cut) {

    /** How much of a body is read for its header section. */
    public static final int LIMIT = 64 * 1024;

    /** The node's entry for one copy: its naming line, then its header section's bytes as UTF-8. */
    static String entry(QueuedBodies.Head head) {
        byte[] b = head.bytes();
        int end = end(b);
        boolean cut = end < 0 && !head.whole();
        if (end < 0) {
            end = cut ? lastLineEnd(b) : b.length;
        }
        return head.queue() + " " + head.messageId() + " " + (cut ? "cut" : "whole") + "\n"
                + new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Where the header section ends (after its last field's line end), or -1 when no empty line is in the bytes. */
    static int end(byte[] b) {
        if (b.length > 0 && (b[0] == '\n' || b[0] == '\r' && b.length > 1 && b[1] == '\n')) {
            return 0; // an empty first line: the message has no header section
        }
        for (int i = 0; i < b.length - 1; i++) {
            if (b[i] == '\n' && (b[i + 1] == '\n' || b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n')) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int lastLineEnd(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The entries the node answered, by copy ({@link #key}). */
    public static Map<String, HeaderSection> parse(JsonNode entries) {
        Map<String, HeaderSection> sections = new HashMap<>();
        for (JsonNode e : entries) {
            String text = e.asText();
            int nl = text.indexOf('\n');
            String[] naming = (nl < 0 ? text : text.substring(0, nl)).split(" ");
            if (naming.length != 3) {
                continue; // not an entry of this tool's node
            }
            sections.put(naming[0] + " " + naming[1], new HeaderSection(fields(nl < 0 ? "" : text.substring(nl + 1)),
                    naming[2].equals("cut")));
        }
        return sections;
    }

    /** How {@link #parse} names a copy: its queue and the broker's message id. */
    public static String key(QueuedMessage copy) {
        return copy.queue() + " " + copy.messageId();
    }

    /** One field a line: folded lines joined with one space, control characters made visible. */
    static List<String> fields(String section) {
        List<String> fields = new ArrayList<>();
        for (String line : section.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isEmpty()) {
                continue;
            }
            if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + " " + visible(l.strip()));
            } else {
                fields.add(visible(l));
            }
        }
        return fields;
    }

    /** A terminal shows text, not escape sequences a sender put in a header field. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
