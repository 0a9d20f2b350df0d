package io.caravan.egress.tls;

import java.util.HexFormat;

/**
 * One TLSA record's fields (RFC 6698 §2.1), free of any DNS library so that matching is a pure
 * function with table tests.
 */
public record Tlsa(int usage, int selector, int matchingType, byte[] data) {

    public static final int DANE_TA = 2;
    public static final int DANE_EE = 3;

    public static Tlsa of(int usage, int selector, int matchingType, String hex) {
        return new Tlsa(usage, selector, matchingType, HexFormat.of().parseHex(hex));
    }

    /** RFC 7672 §3.1: only DANE-TA(2) and DANE-EE(3) apply to SMTP; PKIX usages are unusable. */
    public boolean usable() {
        return (usage == DANE_TA || usage == DANE_EE)
                && (selector == 0 || selector == 1)
                && (matchingType >= 0 && matchingType <= 2);
    }

    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data);
    }
}
