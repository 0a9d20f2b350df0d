package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RegionMembersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final RegionMembers members = new RegionMembers("a", Set.of("tx-1", "tx-2"), Duration.ofSeconds(6), clock);

    /** Beats from b (tx-1), c (tx-1, bulk-1) and d (bulk-1), d's heard {@code dAge} seconds before asking. */
    @ParameterizedTest(name = "{0}: d heard {1} s ago -> {2}")
    @CsvSource({
            "tx-1,   0, 3",   // a itself, b and c
            "tx-2,   0, 1",   // a alone sends from it
            "bulk-1, 0, 2",   // c and d; a does not send from it
            "bulk-1, 5, 2",   // d still live just inside the window
            "bulk-1, 6, 1",   // d's last beat is as old as the window: gone
            "other,  0, 1",   // nobody sends from it: a whole share, never a division by zero
    })
    void sharersAreTheLiveNodesThatSendFromTheSource(String source, int dAge, int expected) {
        members.heard(beat("d", "bulk-1"));
        clock.advanceMillis(dAge * 1000L);
        members.heard(beat("b", "tx-1"));
        members.heard(beat("c", "tx-1", "bulk-1"));
        assertEquals(expected, members.sharers(source));
    }

    /** The nodes that send at all share a destination's connections: a node that beats with no sources does not. */
    @ParameterizedTest(name = "d heard {0} s ago -> {1} senders")
    @CsvSource({"0, 4", "6, 3"})
    void sendersAreTheLiveNodesWithAnySource(int dAge, int expected) {
        members.heard(beat("d", "bulk-1"));
        clock.advanceMillis(dAge * 1000L);
        members.heard(beat("b", "tx-1"));
        members.heard(beat("c", "tx-1", "bulk-1"));
        members.heard(beat("e")); // an edge or a core: it delivers nothing
        assertEquals(expected, members.senders());
    }

    @Test
    void itsOwnEchoIsNotAnotherNodeAndANodeComesBackAfterFallingOut() {
        assertFalse(members.heard(beat("a", "tx-1")), "its own beat, echoed by the stream");
        assertEquals(1, members.sharers("tx-1"));
        assertTrue(members.heard(beat("b", "tx-1")), "b joins");
        assertFalse(members.heard(beat("b", "tx-1")), "b's next beat is no news");
        assertEquals(Map.of("b", Set.of("tx-1")), members.live());
        clock.advanceMillis(7000);
        assertEquals(Map.of(), members.live(), "b went silent");
        assertEquals(1, members.sharers("tx-1"));
        assertTrue(members.heard(beat("b", "tx-1")), "b is back");
        assertEquals(2, members.sharers("tx-1"));
    }

    private RegionMembers.Beat beat(String node, String... sources) {
        return new RegionMembers.Beat("local", node, Set.of(sources), clock.instant().toString());
    }
}
