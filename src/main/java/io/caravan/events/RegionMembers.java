package io.caravan.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of the region that send, as their heartbeats tell: each beat names the node and the egress sources
 * it sends from. Shaping limits are per source, and the nodes of a region that share a source (the same
 * egress.yaml on several egress nodes) each take an equal part of its limits: {@link #sharers} is how many live
 * nodes send from it, this one included. A node is live while its last beat is younger than
 * {@code liveFor}; a node that stops beating falls out after that, and the others take its part again.
 * Thread-safe; the egress stage asks once per admission.
 */
public final class RegionMembers {

    /** One node's heartbeat on the region's member stream. */
    public record Beat(String region, String node, Set<String> sources, String at) {
    }

    private record Heard(Set<String> sources, Instant at) {
    }

    private final String self;
    private final Set<String> ownSources;
    private final Duration liveFor;
    private final Clock clock;
    private final Map<String, Heard> others = new ConcurrentHashMap<>();

    /**
     * @param self       this node's name; its own beats are ignored, as it always counts itself
     * @param ownSources the sources this node sends from
     * @param liveFor    how long a node counts after its last beat
     */
    public RegionMembers(String self, Set<String> ownSources, Duration liveFor, Clock clock) {
        this.self = self;
        this.ownSources = Set.copyOf(ownSources);
        this.liveFor = liveFor;
        this.clock = clock;
    }

    /** This node's beat now. */
    public Beat beat(String region) {
        return new Beat(region, self, ownSources, clock.instant().toString());
    }

    /** Applies a beat heard on the stream; true when it brought a node that was not live. */
    public boolean heard(Beat beat) {
        if (beat.node().equals(self)) {
            return false;
        }
        Instant now = clock.instant();
        Heard before = others.put(beat.node(), new Heard(Set.copyOf(beat.sources()), now));
        return before == null || !live(before, now);
    }

    /** How many live nodes send from {@code source}, this one included when it does; at least 1. */
    public int sharers(String source) {
        Instant now = clock.instant();
        int n = ownSources.contains(source) ? 1 : 0;
        for (Heard h : others.values()) {
            if (live(h, now) && h.sources().contains(source)) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /**
     * How many live nodes send at all (from any source), this one included when it does; at least 1. They share
     * the limits a destination sets for all sources together.
     */
    public int senders() {
        Instant now = clock.instant();
        int n = ownSources.isEmpty() ? 0 : 1;
        for (Heard h : others.values()) {
            if (live(h, now) && !h.sources().isEmpty()) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** The live nodes other than this one, with the sources each sends from (for the log and JMX). */
    public Map<String, Set<String>> live() {
        Instant now = clock.instant();
        Map<String, Set<String>> out = new TreeMap<>();
        others.forEach((node, h) -> {
            if (live(h, now)) {
                out.put(node, h.sources());
            }
        });
        return out;
    }

    private boolean live(Heard h, Instant now) {
        return h.at().plus(liveFor).isAfter(now);
    }
}
