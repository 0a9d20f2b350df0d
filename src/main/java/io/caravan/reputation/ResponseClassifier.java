package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides what a failed delivery attempt means, from the receiver's reply.
 *
 * <p>The first matching rule decides, provider rules before generic ones
 * ({@link ResponseRules#ordered()}); its source-level actions (suspend, block,
 * throttle, shift) wait for the rule's trigger, counted per (source, provider).
 * A reply no rule knows falls back to its code class: 4xx defers, 5xx bounces,
 * with no source action, because guessing a scope is worse than not acting; such
 * a reply, and one only a code-only rule ("any 421") read, is counted by wording
 * ({@link UnknownReplies}) for an operator to write the rule it lacks.
 * Failures of Caravan's own making ({@link Origin.Local}) say nothing about our
 * reputation: they defer and never feed rules or triggers.
 *
 * <p>Thread-safe; the clock drives the trigger windows.
 */
public final class ResponseClassifier {

    private static final int REASON_MAX = 240;

    private final ResponseRules rules;
    private final Clock clock;
    private final TriggerCounter triggers = new TriggerCounter();
    private final RuleStats stats = new RuleStats();

    public ResponseClassifier(ResponseRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    public Verdict classify(Reply reply, String provider, Origin origin) {
        if (reply.positive()) {
            throw new IllegalArgumentException("only failures are classified, got " + reply.code());
        }
        int codeClass = reply.code() / 100;
        String reason = reason(reply);
        if (origin instanceof Origin.Local) {
            return new Verdict(Verdict.LOCAL, Scope.TRANSIENT, Set.of(Action.DEFER), null, 1.0, null,
                    Recovery.none(), false, false, 4, Disposition.DEFER, reason);
        }
        Origin.Remote remote = (Origin.Remote) origin;
        String source = remote.source();
        String text = Match.textOf(reply);
        for (ResponseRule rule : rules.ordered()) {
            if (rule.match().matches(reply, provider, text, remote.address())) {
                Verdict v = decide(rule, codeClass, source, provider, reason);
                stats.record(v);
                if (rule.codeOnly()) {
                    stats.unmatched().record(provider, reply);
                }
                return v;
            }
        }
        Verdict fallback = codeClass == 4
                ? new Verdict(Verdict.FALLBACK_4XX, Scope.TRANSIENT, Set.of(Action.DEFER), null, 1.0, null,
                        Recovery.none(), false, false, 4, Disposition.DEFER, reason)
                : new Verdict(Verdict.FALLBACK_5XX, Scope.RECIPIENT, Set.of(Action.BOUNCE), null, 1.0, null,
                        Recovery.none(), false, false, 5, Disposition.BOUNCE, reason);
        stats.record(fallback);
        stats.unmatched().record(provider, reply);
        return fallback;
    }

    public RuleStats stats() {
        return stats;
    }

    public ResponseRules rules() {
        return rules;
    }

    private Verdict decide(ResponseRule rule, int codeClass, String source, String provider, String reason) {
        boolean fired = triggers.record(rule, source, provider, clock.instant());
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (Action a : rule.actions()) {
            if (!a.sourceLevel() || fired) actions.add(a);
        }
        int rewritten = rule.rewriteTo() != 0 ? rule.rewriteTo() : codeClass;
        int effective = rule.dryRun() ? codeClass : rewritten;
        Disposition disposition;
        if (!rule.dryRun() && rule.actions().contains(Action.BOUNCE)) {
            disposition = Disposition.BOUNCE;
        } else if (!rule.dryRun() && rule.actions().contains(Action.DEFER)) {
            disposition = Disposition.DEFER;
        } else {
            disposition = effective == 4 ? Disposition.DEFER : Disposition.BOUNCE;
        }
        return new Verdict(rule.name(), rule.scope(), actions, rule.duration(), rule.factor(), rule.pool(),
                rule.recovery(), rule.dryRun(), fired, effective, disposition, reason, rule.layer());
    }

    /** Code, enhanced code and the reply lines on one line, trimmed for an operator view. */
    static String reason(Reply reply) {
        StringBuilder b = new StringBuilder().append(reply.code());
        if (reply.enhanced() != null) b.append(' ').append(reply.enhanced());
        b.append(' ').append(String.join(" ", reply.lines()).replaceAll("\\s+", " ").trim());
        String s = b.toString().trim();
        return s.length() <= REASON_MAX ? s : s.substring(0, REASON_MAX - 1) + "…";
    }
}
