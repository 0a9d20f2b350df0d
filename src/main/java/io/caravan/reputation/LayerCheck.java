package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic layer's cap: a generic rule (one that names no provider) suspends for at most the file's
 * {@code generic.max_duration} (default 1h). A wording that only looks like a complaint about our address
 * must cost a source less than a provider's own word; a longer duration in the file is cut to the cap,
 * with a warning, rather than refused, so a test or an operator's copy of the file keeps working. The
 * shipped cap (30m) is below every shipped provider suspension (ShippedRulesTest checks it).
 */
final class LayerCheck {

    static final Duration DEFAULT_MAX = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(LayerCheck.class);

    private LayerCheck() {
    }

    /** A duration as the file writes it: 1h, 30m, 45s. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    /** The file's {@code generic.max_duration}, or the default; a malformed one is a problem. */
    static Duration cap(JsonNode generic, List<String> problems) {
        if (generic.isMissingNode()) return DEFAULT_MAX;
        try {
            if (!generic.isObject() || !generic.has("max_duration")) {
                throw new IllegalArgumentException("must be {max_duration: 1h}");
            }
            Duration d = Values.duration(generic.get("max_duration").asText());
            if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("max_duration must be positive");
            return d;
        } catch (IllegalArgumentException e) {
            problems.add("generic: " + e.getMessage());
            return DEFAULT_MAX;
        }
    }

    /** The rules with every generic suspension cut to the cap. */
    static List<ResponseRule> capped(List<ResponseRule> rules, Duration cap) {
        List<ResponseRule> out = new ArrayList<>(rules.size());
        for (ResponseRule r : rules) {
            if (r.layer() == Layer.GENERIC && r.duration() != null && r.duration().compareTo(cap) > 0) {
                LOG.warn("reply rule {}: a generic rule suspends for at most {} (generic.max_duration), not {}",
                        r.name(), format(cap), format(r.duration()));
                r = new ResponseRule(r.name(), r.match(), r.scope(), r.trigger(), r.actions(), cap, r.factor(), r.pool(),
                        r.rewriteTo(), r.recovery(), r.dryRun());
            }
            out.add(r);
        }
        return out;
    }
}
