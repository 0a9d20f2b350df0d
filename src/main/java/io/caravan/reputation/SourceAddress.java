package io.caravan.reputation;

import java.util.Locale;

/**
 * Whether a reply names our own sending address. Receivers that blame the address write it out
 * ("Messages from 192.0.2.10 temporarily deferred", "Client host [192.0.2.10] blocked"), whatever
 * else their wording is, so the literal is a strong sign that the reply is about the source. The
 * address must stand alone: 192.0.2.1 is not named by "192.0.2.10", nor 2001:db8::1 by "2001:db8::1f".
 */
final class SourceAddress {

    private SourceAddress() {
    }

    static boolean named(String text, String address) {
        if (text == null || address == null || address.isBlank()) return false;
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        String t = text.toLowerCase(Locale.ROOT);
        boolean v6 = a.indexOf(':') >= 0;
        for (int at = t.indexOf(a); at >= 0; at = t.indexOf(a, at + 1)) {
            char before = at == 0 ? ' ' : t.charAt(at - 1);
            int end = at + a.length();
            char after = end >= t.length() ? ' ' : t.charAt(end);
            if (!part(before, v6) && !part(after, v6) && !(after == '.' && end + 1 < t.length()
                    && Character.isDigit(t.charAt(end + 1)))) {
                return true;
            }
        }
        return false;
    }

    /** A character that would make the match part of a longer address. */
    private static boolean part(char c, boolean v6) {
        if (Character.isDigit(c)) return true;
        if (v6) return c == ':' || (c >= 'a' && c <= 'f');
        return false;
    }
}
