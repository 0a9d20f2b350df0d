package io.caravan.bounce;

/**
 * RFC 3461 §4 xtext: ENVID and ORCPT travel with "+HH" escapes, and the DSN shows them decoded.
 * A malformed escape is kept literally rather than dropping the value.
 */
final class Xtext {

    private Xtext() {
    }

    static String decode(String xtext) {
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
}
