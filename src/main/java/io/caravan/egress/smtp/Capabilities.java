package io.caravan.egress.smtp;

import io.caravan.smtp.Reply;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The extensions a server announced in its EHLO reply (the first line is its greeting name, the
 * rest are keywords with optional parameters). After HELO there are none, so the client falls
 * back to plain RFC 821 behaviour.
 */
public record Capabilities(Map<String, String> extensions) {

    public static final Capabilities NONE = new Capabilities(Map.of());

    public static Capabilities fromEhlo(Reply reply) {
        Map<String, String> found = new HashMap<>();
        List<String> lines = reply.lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            found.put(keyword, space < 0 ? "" : line.substring(space + 1).trim());
        }
        return new Capabilities(Map.copyOf(found));
    }

    public boolean has(String keyword) {
        return extensions.containsKey(keyword);
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean startTls() {
        return has("STARTTLS");
    }

    public boolean dsn() {
        return has("DSN");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    public boolean size() {
        return has("SIZE");
    }

    /** The announced SIZE limit, or 0 when none was given. */
    public long sizeLimit() {
        String value = extensions.getOrDefault("SIZE", "");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
