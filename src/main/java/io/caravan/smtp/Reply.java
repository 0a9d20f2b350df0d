package io.caravan.smtp;

import java.util.List;

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

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
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
