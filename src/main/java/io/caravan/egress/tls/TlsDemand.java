package io.caravan.egress.tls;

import java.util.Collection;

/**
 * What one delivery asks of its session's TLS, made from every recipient's requirement, so that no
 * recipient is carried at a level below its own whichever recipient comes first.
 *
 * @param level      the level to negotiate: the strictest of the recipients' levels
 * @param floor      the least the session may end up at once {@code dane} is resolved: a dane level falls
 *                   back to {@code may} on a validated denial of TLSA, which must not undercut another
 *                   recipient's {@code encrypt} or {@code verify}, nor REQUIRETLS
 * @param requireTls RFC 8689 REQUIRETLS: only a verified session whose server offers REQUIRETLS may
 *                   carry the message, and failing that it is returned, not retried
 */
public record TlsDemand(TlsPolicy level, TlsPolicy floor, boolean requireTls) {

    /** One level for the whole delivery, as before there were several recipients' levels to reconcile. */
    public static TlsDemand of(TlsPolicy level) {
        return new TlsDemand(level, level == TlsPolicy.DANE ? TlsPolicy.NONE : level, false);
    }

    /** @param levels each recipient domain's level; empty means {@code may} */
    public static TlsDemand of(Collection<TlsPolicy> levels, boolean requireTls) {
        TlsPolicy level = levels.isEmpty() ? TlsPolicy.MAY : TlsPolicy.NONE;
        TlsPolicy floor = TlsPolicy.NONE;
        for (TlsPolicy p : levels) {
            level = stricter(level, p);
            if (p != TlsPolicy.DANE) {
                floor = stricter(floor, p);
            }
        }
        if (requireTls) {
            level = stricter(level, TlsPolicy.VERIFY);
            floor = stricter(floor, TlsPolicy.VERIFY);
        }
        return new TlsDemand(level, floor, requireTls);
    }

    /** This demand raised to at least {@code least} (an enforced MTA-STS policy asks {@code verify}). */
    public TlsDemand atLeast(TlsPolicy least) {
        return new TlsDemand(stricter(level, least), stricter(floor, least), requireTls);
    }

    /** The level a host gets once dane is resolved for it: never below the floor. */
    public TlsPolicy atLeastFloor(TlsPolicy resolved) {
        return stricter(resolved, floor);
    }

    private static TlsPolicy stricter(TlsPolicy a, TlsPolicy b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
