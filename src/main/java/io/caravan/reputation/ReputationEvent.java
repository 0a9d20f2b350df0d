package io.caravan.reputation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What one node tells the others of its region about a (source, provider)
 * pair, so every node stops using (or slows down on) a source the provider
 * complained about.
 * Flat JSON, times as ISO-8601 strings, the {@code type} field says which:
 * {@code {"type":"suspended","region":"eu","node":"eu-1","source":"198.51.100.7",
 * "provider":"gmail","reason":"421 4.7.28 ...","rule":"gmail-ip-rate-limit",
 * "until":"2026-11-28T03:00:00Z","at":"2026-11-28T02:00:00Z","blocked":false,"recovery":{...}}}.
 * Applying an event twice changes nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ReputationEvent.Suspended.class, name = ReputationEvent.SUSPENDED),
    @JsonSubTypes.Type(value = ReputationEvent.Resumed.class, name = ReputationEvent.RESUMED),
    @JsonSubTypes.Type(value = ReputationEvent.Throttled.class, name = ReputationEvent.THROTTLED)
})
public sealed interface ReputationEvent {

    String SUSPENDED = "suspended";
    String RESUMED = "resumed";
    String THROTTLED = "throttled";

    String type();

    String region();

    String node();

    String source();

    String provider();

    String at();

    String reason();

    String rule();

    /** When a suspension ends; null for the other types. */
    String until();

    /**
     * A source suspended (or blocked) for a provider until a time; {@code recovery} is the rule's
     * ramp after it ends (null: the defaults), so every node ramps the same way; {@code shiftTo}
     * the pool the rule named for the traffic meanwhile (null: the route's fallback pools); {@code layer}
     * the layer of the rule ({@code provider} or {@code generic}; null from a node that predates layers).
     */
    record Suspended(String type, String region, String node, String source, String provider, String reason,
                     String rule, String until, String at, boolean blocked, Recovery recovery, String shiftTo,
                     String layer)
            implements ReputationEvent {

        public Suspended {
            type = SUSPENDED;
            Instant.parse(until);
            Instant.parse(at);
        }

        public static Suspended of(String region, String node, String source, String provider, String reason,
                                   String rule, Instant until, Instant at, boolean blocked) {
            return of(region, node, source, provider, reason, rule, until, at, blocked, null, null);
        }

        public static Suspended of(String region, String node, String source, String provider, String reason,
                                   String rule, Instant until, Instant at, boolean blocked, Recovery recovery,
                                   String shiftTo) {
            return of(region, node, source, provider, reason, rule, until, at, blocked, recovery, shiftTo,
                    Layer.ofRule(rule));
        }

        /** @param layer the layer of the rule that suspended */
        public static Suspended of(String region, String node, String source, String provider, String reason,
                                   String rule, Instant until, Instant at, boolean blocked, Recovery recovery,
                                   String shiftTo, Layer layer) {
            return new Suspended(SUSPENDED, region, node, source, provider, reason, rule, until.toString(),
                    at.toString(), blocked, recovery, shiftTo, layer.label());
        }

        public Instant untilInstant() {
            return Instant.parse(until);
        }

        public Instant atInstant() {
            return Instant.parse(at);
        }
    }

    /** A suspension or block lifted before its end (by an operator); {@code until} is null. */
    record Resumed(String type, String region, String node, String source, String provider, String reason,
                   String rule, String until, String at) implements ReputationEvent {

        public Resumed {
            type = RESUMED;
            Instant.parse(at);
        }

        public static Resumed of(String region, String node, String source, String provider, String reason,
                                 String rule, Instant at) {
            return new Resumed(RESUMED, region, node, source, provider, reason, rule, null, at.toString());
        }

        public Instant atInstant() {
            return Instant.parse(at);
        }
    }

    /**
     * A source's rate to a provider multiplied down by a throttle rule: from {@code from} on it
     * grows again from {@code factor} by the recovery's steps. {@code until} is null. {@code layer} as for
     * {@link Suspended}.
     */
    record Throttled(String type, String region, String node, String source, String provider, String reason,
                     String rule, String until, String at, double factor, String from, Recovery recovery,
                     String layer)
            implements ReputationEvent {

        public Throttled {
            type = THROTTLED;
            Instant.parse(at);
            Instant.parse(from);
            if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("factor must be in (0, 1]: " + factor);
            if (recovery == null) throw new IllegalArgumentException("a throttle needs its recovery");
        }

        public static Throttled of(String region, String node, String source, String provider, String reason,
                                   String rule, double factor, Instant from, Recovery recovery, Instant at) {
            return of(region, node, source, provider, reason, rule, factor, from, recovery, at, Layer.ofRule(rule));
        }

        /** @param layer the layer of the rule that throttled */
        public static Throttled of(String region, String node, String source, String provider, String reason,
                                   String rule, double factor, Instant from, Recovery recovery, Instant at,
                                   Layer layer) {
            return new Throttled(THROTTLED, region, node, source, provider, reason, rule, null, at.toString(), factor,
                    from.toString(), recovery, layer.label());
        }

        public Instant fromInstant() {
            return Instant.parse(from);
        }
    }
}
