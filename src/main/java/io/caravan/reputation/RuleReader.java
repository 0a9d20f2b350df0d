package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks one rule of the response rule file. The checks are the
 * policy's own consistency: a suspension needs a duration, a throttle a factor
 * below 1, a rule cannot both bounce and defer, and so on.
 */
final class RuleReader {

    private static final Set<String> FIELDS = Set.of("name", "match", "scope", "trigger", "actions", "duration",
            "factor", "pool", "rewrite", "recovery", "dry_run");
    private static final Set<String> MATCH_FIELDS = Set.of("code", "enhanced", "text", "providers", "case_sensitive",
            "source_address");

    private final JsonNode node;
    private final String label;
    private final List<String> problems = new ArrayList<>();

    RuleReader(JsonNode node, int index) {
        this.node = node;
        String name = node.path("name").asText("");
        this.label = name.isBlank() ? "rule #" + index : "rule '" + name + "'";
    }

    List<String> problems() {
        return problems;
    }

    ResponseRule read() {
        if (!node.isObject()) {
            problem("(rule)", "must be a mapping");
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) problem(f, "unknown field");
        }
        String name = node.path("name").asText("").trim();
        if (name.isEmpty()) problem("name", "missing");
        Match match = readMatch();
        Scope scope = readScope();
        Trigger trigger = readTrigger();
        Set<Action> actions = readActions();
        Duration duration = optDuration("duration");
        double factor = node.has("factor") ? readFactor() : 1.0;
        String pool = node.has("pool") ? node.get("pool").asText().trim() : null;
        int rewrite = readRewrite();
        Recovery recovery = readRecovery();
        boolean dryRun = node.path("dry_run").asBoolean(false);
        if (node.has("dry_run") && !node.get("dry_run").isBoolean()) problem("dry_run", "must be true or false");

        if ((actions.contains(Action.SUSPEND) || actions.contains(Action.BLOCK)) && duration == null) {
            problem("duration", "required by suspend/block");
        }
        if (actions.contains(Action.THROTTLE) && !node.has("factor")) problem("factor", "required by throttle");
        if (!actions.contains(Action.THROTTLE) && node.has("factor")) problem("factor", "only used by throttle");
        if (actions.contains(Action.BOUNCE) && actions.contains(Action.DEFER)) {
            problem("actions", "bounce and defer exclude each other");
        }
        if (actions.contains(Action.REWRITE) != (rewrite != 0)) {
            problem("rewrite", "the 'rewrite' action and the 'rewrite: 4xx|5xx' field go together");
        }
        if (pool != null && !actions.contains(Action.SHIFT)) problem("pool", "only used by shift");
        if (scope != null && !aboutTheSource(scope) && actions.stream().anyMatch(Action::sourceLevel)) {
            // a full mailbox or a bad message says nothing of the source: acting on it would punish the IP
            problem("actions", "scope " + scope.name().toLowerCase(Locale.ROOT)
                    + " is not about the source: no suspend, block, throttle or shift");
        }
        if ((scope == Scope.SOURCE_IP || scope == Scope.BLOCK) && actions.contains(Action.BOUNCE)) {
            // the recipient is fine; another source can deliver it
            problem("actions", "a reply about our address must not bounce the mail: shift it");
        }
        if ((actions.contains(Action.SUSPEND) || actions.contains(Action.BLOCK)) && !actions.contains(Action.SHIFT)) {
            problem("actions", "suspend/block need shift, or the suspended source's mail only waits");
        }
        if (actions.contains(Action.SHIFT) && !actions.contains(Action.SUSPEND) && !actions.contains(Action.BLOCK)) {
            // mail moves off a source only while it is taken out: a shift alone would change nothing
            problem("actions", "shift acts only with suspend or block");
        }
        if (!problems.isEmpty()) return null;
        return new ResponseRule(name, match, scope, trigger, actions, duration, factor, pool, rewrite, recovery, dryRun);
    }

    /** Scopes whose replies may act on the source. */
    private static boolean aboutTheSource(Scope scope) {
        return scope == Scope.SOURCE_IP || scope == Scope.BLOCK || scope == Scope.CONNECTION
                || scope == Scope.TRANSIENT;
    }

    private Match readMatch() {
        JsonNode m = node.path("match");
        if (!m.isObject()) {
            problem("match", "missing or not a mapping");
            return null;
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!MATCH_FIELDS.contains(f)) problem("match." + f, "unknown field");
        }
        boolean caseSensitive = m.path("case_sensitive").asBoolean(false);
        Pattern code = regex(m, "code", 0);
        Pattern enhanced = regex(m, "enhanced", 0);
        Pattern text = regex(m, "text", caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        Set<String> providers = new HashSet<>();
        JsonNode p = m.path("providers");
        if (p.isTextual()) {
            providers.add(p.asText().trim().toLowerCase(Locale.ROOT));
        } else if (p.isArray()) {
            p.forEach(x -> providers.add(x.asText().trim().toLowerCase(Locale.ROOT)));
        } else if (!p.isMissingNode()) {
            problem("match.providers", "must be a name or a list of names");
        }
        boolean sourceAddress = m.path("source_address").asBoolean(false);
        if (m.has("source_address") && !m.get("source_address").isBoolean()) {
            problem("match.source_address", "must be true or false");
        }
        if (code == null && enhanced == null && text == null && !sourceAddress) {
            problem("match", "needs at least one of code, enhanced, text, source_address");
        }
        return new Match(code, enhanced, text, providers, sourceAddress);
    }

    private Pattern regex(JsonNode m, String field, int flags) {
        if (!m.has(field)) return null;
        String value = m.get(field).asText();
        try {
            return Pattern.compile(value, flags);
        } catch (PatternSyntaxException e) {
            problem("match." + field, "bad regex: " + e.getDescription());
            return null;
        }
    }

    private Scope readScope() {
        if (!node.has("scope")) {
            problem("scope", "missing");
            return null;
        }
        try {
            return Scope.parse(node.get("scope").asText());
        } catch (IllegalArgumentException e) {
            problem("scope", "unknown scope '" + node.get("scope").asText() + "'");
            return null;
        }
    }

    private Trigger readTrigger() {
        JsonNode t = node.path("trigger");
        if (t.isMissingNode() || (t.isTextual() && t.asText().equals("immediately"))) {
            return Trigger.immediately();
        }
        if (!t.isObject() || !t.has("count")) {
            problem("trigger", "must be 'immediately' or {count: N, period: 10m}");
            return null;
        }
        try {
            Duration period = t.has("period") ? Values.duration(t.get("period").asText()) : null;
            return new Trigger(t.get("count").asInt(0), period);
        } catch (IllegalArgumentException e) {
            problem("trigger", e.getMessage());
            return null;
        }
    }

    private Set<Action> readActions() {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        JsonNode a = node.path("actions");
        if (!a.isArray() || a.isEmpty()) {
            problem("actions", "missing or empty list");
            return actions;
        }
        for (JsonNode x : a) {
            try {
                actions.add(Action.parse(x.asText()));
            } catch (IllegalArgumentException e) {
                problem("actions", "unknown action '" + x.asText() + "'");
            }
        }
        return actions;
    }

    private Duration optDuration(String field) {
        if (!node.has(field)) return null;
        try {
            return Values.duration(node.get(field).asText());
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    private double readFactor() {
        double f = node.get("factor").asDouble(-1);
        if (!node.get("factor").isNumber() || !(f > 0 && f < 1)) {
            problem("factor", "must be a number between 0 and 1 (exclusive)");
        }
        return f;
    }

    private int readRewrite() {
        if (!node.has("rewrite")) return 0;
        return switch (node.get("rewrite").asText().trim().toLowerCase(Locale.ROOT)) {
            case "4xx" -> 4;
            case "5xx" -> 5;
            default -> {
                problem("rewrite", "must be 4xx or 5xx");
                yield 0;
            }
        };
    }

    private Recovery readRecovery() {
        JsonNode r = node.path("recovery");
        if (r.isMissingNode()) return Recovery.defaults();
        if (r.isTextual() && r.asText().equals("none")) return Recovery.none();
        if (!r.isObject()) {
            problem("recovery", "must be 'none' or {start, step, every, decrease, floor}");
            return null;
        }
        Recovery d = Recovery.defaults();
        try {
            return new Recovery(r.path("start").asDouble(d.start()), r.path("step").asDouble(d.step()),
                    r.has("every") ? Values.duration(r.get("every").asText()) : d.every(),
                    r.path("decrease").asDouble(d.decrease()), r.path("floor").asDouble(d.floor()));
        } catch (IllegalArgumentException e) {
            problem("recovery", e.getMessage());
            return null;
        }
    }

    private void problem(String field, String what) {
        problems.add(label + ": field '" + field + "': " + what);
    }
}
