package io.caravan.smtp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply: the three-digit code, the RFC 3463 enhanced status code (or
 * null when the peer gave none) and the text, one element per reply line.
 * Ingress builds them to answer clients; egress parses them from receivers,
 * and the reputation classifier reads them with every line kept.
 */
public record Reply(int code, String enhanced, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
    }

    private static final Pattern REFUSAL =
            Pattern.compile("([45])([0-9][0-9])(?:[ -]+([45])(\\.[0-9]{1,3}\\.[0-9]{1,3}))?(?:\\s+(.*))?", Pattern.DOTALL);

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    /**
     * A refusal as an operator's hook writes it ({@code 550 5.7.1 text}, {@code 451 later}): a 4xx or 5xx code, an
     * optional enhanced status code of the same class, and text on one line; null for anything else (a 2xx or 3xx
     * is no refusal). Ingress's policy hook and egress's before-delivery hook read their replies with it.
     */
    public static Reply refusal(String text) {
        Matcher m = REFUSAL.matcher(text.trim());
        if (!m.matches() || m.group(3) != null && !m.group(3).equals(m.group(1))) {
            return null;
        }
        String line = m.group(5) == null ? "" : m.group(5).strip();
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            return null;
        }
        return of(Integer.parseInt(m.group(1) + m.group(2)), m.group(3) == null ? null : m.group(3) + m.group(4),
                line.isEmpty() ? "Refused by local policy" : line);
    }

    public boolean positive() {
        return code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** All lines joined with a newline, as a classifier regex wants to see them. */
    public String text() {
        return String.join("\n", lines);
    }

    /** The reply as it goes on the wire, CRLF-terminated, with continuation dashes. */
    public String toWire() {
        StringBuilder out = new StringBuilder();
        List<String> body = lines.isEmpty() ? List.of("") : lines;
        for (int i = 0; i < body.size(); i++) {
            out.append(code).append(i == body.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                out.append(enhanced).append(' ');
            }
            out.append(body.get(i)).append("\r\n");
        }
        return out.toString();
    }
}
