package io.caravan.reputation;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The classifier's decision for one reply.
 *
 * <p>{@code actions} are what the rule does (or, with {@code dryRun}, what it
 * would do): source-level actions appear only once the rule's trigger fired.
 * {@code codeClass} and {@code disposition} are what the caller must do with
 * the message now; in a dry run they follow the reply as received.
 *
 * @param rule        the matched rule, or {@code fallback-4xx} / {@code fallback-5xx} / {@code local}
 * @param scope       what the reply is about
 * @param actions     the actions decided
 * @param duration    suspension/block length, or null
 * @param factor      throttle factor (1.0 = none)
 * @param pool        pool to shift to, or null for the region's fallbacks in order
 * @param recovery    AIMD ramp to use for the pair
 * @param dryRun      true when nothing must be applied
 * @param triggered   true when the rule's trigger fired on this reply
 * @param codeClass   4 or 5: the reply's class after any rewrite actually applied
 * @param disposition what happens to the message
 * @param reason      a short description for operators: code, enhanced code and first line
 * @param layer       the layer of the rule that decided (generic for the fallbacks)
 */
public record Verdict(String rule, Scope scope, Set<Action> actions, Duration duration, double factor,
                      String pool, Recovery recovery, boolean dryRun, boolean triggered, int codeClass,
                      Disposition disposition, String reason, Layer layer) {

    /** A verdict whose layer follows from the rule's name ({@link Layer#ofRule}). */
    public Verdict(String rule, Scope scope, Set<Action> actions, Duration duration, double factor, String pool,
                   Recovery recovery, boolean dryRun, boolean triggered, int codeClass, Disposition disposition,
                   String reason) {
        this(rule, scope, actions, duration, factor, pool, recovery, dryRun, triggered, codeClass, disposition,
                reason, Layer.ofRule(rule));
    }

    public static final String LOCAL = "local";
    public static final String FALLBACK_4XX = "fallback-4xx";
    public static final String FALLBACK_5XX = "fallback-5xx";

    public Verdict {
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        if (layer == null) layer = Layer.ofRule(rule);
    }

    /** True when the verdict asks for the action and is not a dry run. */
    public boolean applies(Action action) {
        return !dryRun && actions.contains(action);
    }

    /** True when there is something to do for the (source, provider) pair. */
    public boolean actsOnSource() {
        return !dryRun && actions.stream().anyMatch(Action::sourceLevel);
    }

    /** True when the verdict came from a configured rule rather than a fallback. */
    public boolean fromRule() {
        return !rule.equals(LOCAL) && !rule.equals(FALLBACK_4XX) && !rule.equals(FALLBACK_5XX);
    }
}
