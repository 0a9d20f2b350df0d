package io.caravan.smtp;

/**
 * RFC 3461 §4 xtext, in which ENVID and ORCPT travel: printable ASCII except '+' and '=', with {@code +XX} hex
 * escapes. Ingress checks what a client sends ({@link #valid}); a DSN shows the values decoded ({@link #decode}).
 */
public final class Xtext {

    private Xtext() {
    }

    /** True when {@code s} is xtext: every character printable ASCII other than '+' and '=', or a {@code +XX} escape. */
    public static boolean valid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** The value with its "+HH" escapes decoded; a malformed escape is kept literally rather than dropping the value. */
    public static String decode(String xtext) {
        StringBuilder out = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length()) {
                int hi = Character.digit(xtext.charAt(i + 1), 16);
                int lo = Character.digit(xtext.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
