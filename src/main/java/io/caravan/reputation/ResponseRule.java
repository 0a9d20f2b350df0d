package io.caravan.reputation;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One response rule as loaded from {@code config/responses.yaml}: what it
 * matches, what the reply is about, when it fires, what to do and for how long.
 *
 * @param name      unique name, reported in verdicts, metrics and events
 * @param match     what the rule recognises
 * @param scope     what the reply is about
 * @param trigger   when source-level actions fire
 * @param actions   what to do
 * @param duration  how long a suspension or block lasts (null when neither is asked)
 * @param factor    the multiplicative decrease of THROTTLE (1.0 when not throttling)
 * @param pool      the pool to SHIFT to, or null for "the region's fallback pools in order"
 * @param rewriteTo 4 or 5 for REWRITE, 0 otherwise
 * @param recovery  the AIMD ramp after a suspension or throttle
 * @param dryRun    decide and count, but apply nothing
 */
public record ResponseRule(String name, Match match, Scope scope, Trigger trigger, Set<Action> actions,
                           Duration duration, double factor, String pool, int rewriteTo, Recovery recovery,
                           boolean dryRun) {

    public ResponseRule {
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        if (recovery == null) recovery = Recovery.defaults();
        if (trigger == null) trigger = Trigger.immediately();
    }

    /** Provider rules name the providers they know; generic rules name none. */
    public Layer layer() {
        return match.providers().isEmpty() ? Layer.GENERIC : Layer.PROVIDER;
    }

    /**
     * True when the rule reads nothing but the reply code (such as "any 421"): a reply only it knows is
     * counted with the unmatched ones, since no rule knows its wording.
     */
    public boolean codeOnly() {
        return match.text() == null && match.enhanced() == null && !match.sourceAddress();
    }

    /** The duration as the file writes it (1h, 30m), or null. */
    public String durationText() {
        return duration == null ? null : LayerCheck.format(duration);
    }

    /** True when the rule takes the source out (suspend or block) once it fires. */
    public boolean suspends() {
        return actions.contains(Action.SUSPEND) || actions.contains(Action.BLOCK);
    }
}
