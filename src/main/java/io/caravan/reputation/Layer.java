package io.caravan.reputation;

import java.util.Locale;

/**
 * Which layer of the rule file a rule belongs to. Provider rules know one receiver's wording and act
 * with the suspensions its postmaster pages call for; generic rules read what any receiver writes
 * (the enhanced status code, our own address in the text, words such as "IP" or "blocked", the names
 * of listing services) and act with shorter suspensions, because a guess from wording must cost less
 * than a provider's own word. Provider rules are asked first.
 *
 * <p>A rule's layer follows from its match: one that names providers is a provider rule, one that
 * names none is generic. A generic rule's name starts with {@code generic-}, so the layer shows in
 * every place that shows the rule name (mail log, events, JMX).
 */
public enum Layer {
    PROVIDER,
    GENERIC;

    /** The prefix every generic rule's name has, and no provider rule's. */
    public static final String GENERIC_PREFIX = "generic-";

    /** The layer of the rule with this name (fallback verdicts count as generic: no provider spoke). */
    public static Layer ofRule(String rule) {
        if (rule == null) return GENERIC;
        return rule.startsWith(GENERIC_PREFIX) || rule.equals(Verdict.FALLBACK_4XX) || rule.equals(Verdict.FALLBACK_5XX)
                || rule.equals(Verdict.LOCAL) ? GENERIC : PROVIDER;
    }

    /** As written in events, JMX and the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
