package io.caravan.reputation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What one node tells the others of its region about a (source, provider)
 * pair, so every node stops using a source the provider complained about.
 * Flat JSON, times as ISO-8601 strings, the {@code type} field says which:
 * {@code {"type":"suspended","region":"eu","node":"eu-1","source":"198.51.100.7",
 * "provider":"gmail","reason":"421 4.7.28 ...","rule":"gmail-ip-rate-limit",
 * "until":"2026-11-28T03:00:00Z","at":"2026-11-28T02:00:00Z","blocked":false}}.
 * Applying an event twice changes nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ReputationEvent.Suspended.class, name = ReputationEvent.SUSPENDED),
    @JsonSubTypes.Type(value = ReputationEvent.Resumed.class, name = ReputationEvent.RESUMED)
})
public sealed interface ReputationEvent {

    String SUSPENDED = "suspended";
    String RESUMED = "resumed";

    String type();

    String region();

    String node();

    String source();

    String provider();

    String at();

    /** A source suspended (or blocked) for a provider until a time. */
    record Suspended(String type, String region, String node, String source, String provider, String reason,
                     String rule, String until, String at, boolean blocked) implements ReputationEvent {

        public Suspended {
            type = SUSPENDED;
            Instant.parse(until);
            Instant.parse(at);
        }

        public static Suspended of(String region, String node, String source, String provider, String reason,
                                   String rule, Instant until, Instant at, boolean blocked) {
            return new Suspended(SUSPENDED, region, node, source, provider, reason, rule, until.toString(),
                    at.toString(), blocked);
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
}
