package io.caravan.egress.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-source rows summed from the lanes each source may serve: a table of lanes in, rows out. */
class SourceRowsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private static final Instant SOON = NOW.plusSeconds(2);

    private static SourceRows.Share share(String source, String provider, String pool, long messages, long ready,
                                          long scheduled, long oldest, Instant at, String why) {
        return new SourceRows.Share(new SourceRows.Key(source, provider), "caravan.lane." + pool + "." + provider,
                messages, ready, scheduled, oldest, new SourceRelease(source, at, why));
    }

    /** source, provider, messages, ready, scheduled, oldest, next release, waits for: one row each. */
    private static String row(SourceStatus s) {
        return String.join(" ", s.source(), s.provider(), "" + s.messages(), "" + s.ready(), "" + s.scheduled(),
                "" + s.oldestSeconds(), s.nextRelease().isEmpty() ? "-" : s.nextRelease(),
                s.waitsFor().isEmpty() ? "-" : "'" + s.waitsFor() + "'");
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("nothing on the lanes, nothing done: no row", List.of(), List.of()),
                Arguments.of("one lane, free to send: ready now",
                        List.of(share("a", "gmail", "bulk", 10, 8, 2, 30, NOW.minusSeconds(5), "")),
                        List.of("a gmail 10 8 2 30 " + NOW + " -")),
                Arguments.of("a suspended source waits until its suspension ends",
                        List.of(share("a", "yahoo", "bulk", 5, 5, 0, 70, LATER, "a is suspended for yahoo")),
                        List.of("a yahoo 5 5 0 70 " + LATER + " 'a is suspended for yahoo'")),
                Arguments.of("only scheduled retries: no release, nothing waits",
                        List.of(share("a", "yahoo", "bulk", 3, 0, 3, 70, LATER, "a is suspended for yahoo")),
                        List.of("a yahoo 3 0 3 70 - -")),
                Arguments.of("a source in two pools: both lanes add up, oldest is the longest, earliest release of a "
                                + "lane with ready mail",
                        List.of(share("a", "gmail", "bulk", 10, 10, 0, 30, SOON, "a is at its message rate to gmail"),
                                share("a", "gmail", "tx", 4, 0, 4, 90, NOW, "")),
                        List.of("a gmail 14 10 4 90 " + SOON + " 'a is at its message rate to gmail'")),
                Arguments.of("two sources of one pool each count the whole lane; rows by source, then provider",
                        List.of(share("b", "gmail", "bulk", 10, 10, 0, -1, NOW, ""),
                                share("a", "gmail", "bulk", 10, 10, 0, -1, LATER, "a is suspended for gmail"),
                                share("a", "aol", "bulk", 1, 1, 0, 4, NOW, "")),
                        List.of("a aol 1 1 0 4 " + NOW + " -",
                                "a gmail 10 10 0 -1 " + LATER + " 'a is suspended for gmail'",
                                "b gmail 10 10 0 -1 " + NOW + " -")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void rows(String why, List<SourceRows.Share> shares, List<String> expected) {
        assertEquals(expected, SourceRows.rows(shares, Map.of(), NOW).stream().map(SourceRowsTest::row).toList(), why);
    }

    @org.junit.jupiter.api.Test
    void aSourceThatDidSomethingKeepsItsRowWithoutALane() {
        Map<SourceRows.Key, SourceRows.Done> done = new TreeMap<>(SourceRows.Key.ORDER);
        SourceRows.Done d = new SourceRows.Done();
        d.attempts = 3;
        d.lastReply = "421 4.7.0 try later";
        d.lastReplyAt = NOW.toEpochMilli();
        d.lastReplyLane = "caravan.lane.bulk.gmail";
        done.put(new SourceRows.Key("a", "gmail"), d);
        SourceStatus s = SourceRows.rows(List.of(share("b", "gmail", "bulk", 1, 1, 0, 1, NOW, "")), done, NOW).get(0);
        assertEquals(List.of("a", "gmail", 0L, 3L, "421 4.7.0 try later", NOW.toString(), "caravan.lane.bulk.gmail", ""),
                List.of(s.source(), s.provider(), s.messages(), s.attempts(), s.lastReply(), s.lastReplyAt(),
                        s.lastReplyLane(), s.nextRelease()));
    }
}
