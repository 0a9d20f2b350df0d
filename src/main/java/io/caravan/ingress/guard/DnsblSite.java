package io.caravan.ingress.guard;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One DNS list and how much a listing counts, written like Postfix's {@code postscreen_dnsbl_sites}:
 * {@code zone[=pattern][*weight]}. The pattern filters the A records the list answers with, one element per
 * octet, each a number, a range {@code [lo..hi]} or a choice {@code [a;b;c]}; e.g.
 * {@code list.dnswl.org=127.0.[0..255].[1..3]*-2}. A negative weight makes the zone an allow list (DNSWL).
 *
 * <p>Without a pattern, any answer inside 127.0.0.0/8 counts; an answer outside it is a resolver rewriting
 * NXDOMAIN (or a list reporting a query error), never a listing, and must not block mail.
 */
public record DnsblSite(String zone, List<int[]> pattern, int weight) {

    private static final int[] LOOPBACK_FIRST_OCTET = {127, 127};

    public static DnsblSite parse(String text) {
        String rest = text.trim();
        int weight = 1;
        int star = rest.lastIndexOf('*');
        if (star >= 0) {
            weight = Integer.parseInt(rest.substring(star + 1).trim());
            rest = rest.substring(0, star);
        }
        List<int[]> pattern = List.of();
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            pattern = parsePattern(rest.substring(eq + 1).trim(), text);
            rest = rest.substring(0, eq);
        }
        String zone = rest.trim().toLowerCase();
        if (zone.endsWith(".")) {
            zone = zone.substring(0, zone.length() - 1);
        }
        if (zone.isEmpty() || !zone.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("bad DNSBL zone in: " + text);
        }
        return new DnsblSite(zone, pattern, weight);
    }

    /** Whether one answer of this list counts as a listing. */
    public boolean matches(InetAddress answer) {
        if (!(answer instanceof Inet4Address)) {
            return false;
        }
        byte[] octets = answer.getAddress();
        if (pattern.isEmpty()) {
            return allows(LOOPBACK_FIRST_OCTET, octets[0] & 0xff);
        }
        for (int i = 0; i < 4; i++) {
            if (!allows(pattern.get(i), octets[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(zone);
        if (!pattern.isEmpty()) {
            out.append('=');
            for (int i = 0; i < 4; i++) {
                int[] e = pattern.get(i);
                out.append(i == 0 ? "" : ".");
                if (e[0] == -1) {
                    out.append('[');
                    for (int j = 1; j < e.length; j++) {
                        out.append(j == 1 ? "" : ";").append(e[j]);
                    }
                    out.append(']');
                } else {
                    out.append(e[0] == e[1] ? String.valueOf(e[0]) : "[" + e[0] + ".." + e[1] + "]");
                }
            }
        }
        return out.append('*').append(weight).toString();
    }

    /** An element is either {lo, hi} (a range) or a list of choices prefixed by -1. */
    private static boolean allows(int[] element, int octet) {
        if (element[0] == -1) {
            for (int i = 1; i < element.length; i++) {
                if (element[i] == octet) {
                    return true;
                }
            }
            return false;
        }
        return octet >= element[0] && octet <= element[1];
    }

    private static List<int[]> parsePattern(String pattern, String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '.' && depth == 0) {
                parts.add(pattern.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(pattern.substring(start));
        if (parts.size() != 4) {
            throw new IllegalArgumentException("DNSBL pattern needs four octets: " + text);
        }
        List<int[]> elements = new ArrayList<>();
        for (String part : parts) {
            elements.add(parseElement(part, text));
        }
        return List.copyOf(elements);
    }

    private static int[] parseElement(String part, String text) {
        if (!part.startsWith("[")) {
            int value = octet(part, text);
            return new int[] {value, value};
        }
        if (!part.endsWith("]")) {
            throw new IllegalArgumentException("unclosed [ in DNSBL pattern: " + text);
        }
        String inner = part.substring(1, part.length() - 1);
        int dots = inner.indexOf("..");
        if (dots >= 0) {
            return new int[] {octet(inner.substring(0, dots), text), octet(inner.substring(dots + 2), text)};
        }
        String[] choices = inner.split(";");
        int[] element = new int[choices.length + 1];
        element[0] = -1;
        for (int i = 0; i < choices.length; i++) {
            element[i + 1] = octet(choices[i], text);
        }
        return element;
    }

    private static int octet(String value, String text) {
        try {
            int octet = Integer.parseInt(value.trim());
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("octet out of range in DNSBL pattern: " + text);
            }
            return octet;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad octet in DNSBL pattern: " + text, e);
        }
    }
}
