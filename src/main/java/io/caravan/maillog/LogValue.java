package io.caravan.maillog;

/**
 * Escaping for values written into log lines that tools parse (fail2ban, log shippers). A value the
 * client or a remote server chose must not end the line, add a field or pass for another one: bytes
 * outside printable ASCII, the backslash, the double quote and (in a field) the space become
 * {@code \xNN} (code points above 0xFF a backslash, {@code u} and four hex digits), and long values are
 * cut and end in {@code ...}. Built with a StringBuilder: the delivery line is written per recipient.
 */
public final class LogValue {

    /** Longest field value, in code points. */
    static final int MAX_VALUE = 128;
    /** Longest free text (a reply's text), in code points. */
    static final int MAX_TEXT = 512;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogValue() {
    }

    /** A field value: "-" for null, spaces escaped. */
    public static String safe(String value) {
        if (value == null) {
            return "-";
        }
        return append(new StringBuilder(value.length() + 8), value, false).toString();
    }

    /** Appends a field value ("-" for null), spaces escaped. */
    public static StringBuilder field(StringBuilder out, String value) {
        return value == null ? out.append('-') : append(out, value, false);
    }

    /**
     * Appends free text, such as a reply's text at the end of a line: spaces stay, a line break
     * becomes a space (as Postfix joins a multi-line reply), and it is cut at {@link #MAX_TEXT}.
     */
    public static StringBuilder text(StringBuilder out, String value) {
        return value == null ? out : append(out, value, true);
    }

    private static StringBuilder append(StringBuilder out, String value, boolean text) {
        int max = text ? MAX_TEXT : MAX_VALUE;
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (count++ == max) {
                return out.append("...");
            }
            if (c > 0x20 && c < 0x7F && c != '\\' && c != '"') {
                out.append((char) c);
            } else if (text && (c == ' ' || c == '\n')) {
                out.append(' ');
            } else if (text && c == '\r') {
                count--; // CRLF inside a reply is one line break
            } else if (c <= 0xFF) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append("\\u");
                int digits = c > 0xFFFFF ? 6 : c > 0xFFFF ? 5 : 4; // as %04x wrote it
                for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
                    out.append(HEX[(c >> shift) & 0xF]);
                }
            }
        }
        return out;
    }
}
