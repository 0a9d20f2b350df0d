package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks that keep the two layers of the rule file apart: provider rules first, generic rules after
 * them; a generic rule's name says so; and a generic rule suspends for less than any provider rule
 * does and no longer than the file's {@code generic.max_duration} (default 1h). A wording that only
 * looks like a complaint about our address must cost a source less than a provider's own word.
 */
final class LayerCheck {

    static final Duration DEFAULT_MAX = Duration.ofHours(1);

    private LayerCheck() {
    }

    /** A duration as the file writes it: 1h, 30m, 45s. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    static List<String> problems(List<ResponseRule> rules, JsonNode generic) {
        List<String> problems = new ArrayList<>();
        Duration max = DEFAULT_MAX;
        if (!generic.isMissingNode()) {
            try {
                if (!generic.isObject() || !generic.has("max_duration")) {
                    throw new IllegalArgumentException("must be {max_duration: 1h}");
                }
                max = Values.duration(generic.get("max_duration").asText());
            } catch (IllegalArgumentException e) {
                problems.add("generic: " + e.getMessage());
            }
        }
        Duration shortestProvider = rules.stream()
                .filter(r -> r.layer() == Layer.PROVIDER && r.suspends() && r.duration() != null)
                .map(ResponseRule::duration).min(Duration::compareTo).orElse(null);
        boolean genericSeen = false;
        for (ResponseRule r : rules) {
            String label = "rule '" + r.name() + "'";
            if (r.layer() == Layer.GENERIC) {
                genericSeen = true;
                if (!r.name().startsWith(Layer.GENERIC_PREFIX)) {
                    problems.add(label + ": field 'name': a rule without providers is generic; its name must"
                            + " start with '" + Layer.GENERIC_PREFIX + "'");
                }
                if (r.suspends() && r.duration() != null) {
                    if (r.duration().compareTo(max) > 0) {
                        problems.add(label + ": field 'duration': a generic rule suspends for at most "
                                + format(max) + " (generic.max_duration)");
                    }
                    if (shortestProvider != null && r.duration().compareTo(shortestProvider) >= 0) {
                        problems.add(label + ": field 'duration': a generic rule suspends for less than the"
                                + " shortest provider suspension (" + format(shortestProvider) + ")");
                    }
                }
            } else {
                if (genericSeen) {
                    problems.add(label + ": provider rules come before the generic ones");
                }
                if (r.name().startsWith(Layer.GENERIC_PREFIX)) {
                    problems.add(label + ": field 'name': '" + Layer.GENERIC_PREFIX
                            + "' names generic rules, and this one names providers");
                }
            }
        }
        return problems;
    }
}
