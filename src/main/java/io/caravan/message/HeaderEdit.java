package io.caravan.message;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Adds, replaces or removes header fields of a stored message without touching any other octet: the
 * body and every other field stay byte for byte as they came (an 8-bit body included), which a
 * rewrite through a MIME parser would not promise. A value with characters beyond ASCII is written as
 * an RFC 2047 encoded word, and a long one is folded, so the new field is valid on any transport.
 */
public final class HeaderEdit {

    private HeaderEdit() {
    }

    /** {@code name: value} as the first field. */
    public static MessageBody add(MessageBody message, String name, String value) {
        return edit(message, name, value, false);
    }

    /** Every {@code name} field taken out, then {@code name: value} as the first field. */
    public static MessageBody set(MessageBody message, String name, String value) {
        return edit(message, name, value, true);
    }

    /** Every {@code name} field taken out. */
    public static MessageBody remove(MessageBody message, String name) {
        return edit(message, name, null, true);
    }

    private static MessageBody edit(MessageBody message, String name, String value, boolean removeOld) {
        checkName(name);
        byte[] head = head(message);
        int end = headerEnd(head);
        if (end < 0) {
            if (!(message instanceof MessageBody.Bytes)) {
                throw new IllegalArgumentException("the header section is longer than "
                        + MessageBody.HEAD_LIMIT + " octets: not edited");
            }
            end = head.length; // a message that is all header section
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + 128);
        if (value != null) {
            byte[] field = field(name, value);
            out.write(field, 0, field.length);
        }
        int i = 0;
        while (i < end) {
            int next = fieldEnd(head, i, end);
            if (!(removeOld && named(head, i, next, name))) {
                out.write(head, i, next - i);
            }
            i = next;
        }
        if (message instanceof MessageBody.Bytes) {
            out.write(head, end, head.length - end);
            return new MessageBody.Bytes(out.toByteArray());
        }
        return ((MessageBody.Spooled) message).withHead(end, out.toByteArray());
    }

    private static byte[] head(MessageBody message) {
        try {
            return message.head(MessageBody.HEAD_LIMIT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message's header section", e);
        }
    }

    static byte[] field(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header value may not contain CR or LF: " + name);
        }
        String encoded;
        try {
            encoded = MimeUtility.encodeText(value, "UTF-8", null);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8", e);
        }
        String line = MimeUtility.fold(name.length() + 2, encoded).replace("\r\n", "\n").replace("\n", "\r\n");
        return (name + ": " + line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c < 33 || c > 126 || c == ':')) {
            throw new IllegalArgumentException("not a header field name: " + name);
        }
    }

    /** Where the field starting at {@code start} ends, its folded lines included. */
    private static int fieldEnd(byte[] b, int start, int end) {
        int i = start;
        while (i < end) {
            if (b[i] == '\n' && (i + 1 >= end || (b[i + 1] != ' ' && b[i + 1] != '\t'))) {
                return i + 1;
            }
            i++;
        }
        return end;
    }

    private static boolean named(byte[] b, int start, int end, String name) {
        int colon = start + name.length();
        if (colon >= end) {
            return false;
        }
        String found = new String(Arrays.copyOfRange(b, start, colon), StandardCharsets.ISO_8859_1);
        int c = colon;
        while (c < end && (b[c] == ' ' || b[c] == '\t')) {
            c++; // "Name :" is obsolete syntax, still read
        }
        return c < end && b[c] == ':' && found.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }

    /** The offset just after the blank line that ends the header section, or -1. */
    private static int headerEnd(byte[] b) {
        if (b.length >= 2 && b[0] == '\r' && b[1] == '\n') {
            return 0; // no fields at all: the blank line stays where it is
        }
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }
}
