package io.caravan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

    static Stream<Instant> instants() {
        Random random = new Random(7);
        Stream<Instant> edges = Stream.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-11-28T04:05:06.120Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"));
        Stream<Instant> randoms = LongStream.range(0, 2000).mapToObj(i -> Instant.ofEpochSecond(
                random.nextLong(-62_167_219_200L, 253_402_300_799L),
                switch ((int) (i % 4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1000) * 1_000_000;
                    case 2 -> random.nextInt(1_000_000) * 1_000;
                    default -> random.nextInt(1_000_000_000);
                }));
        return Stream.concat(edges, randoms);
    }

    @ParameterizedTest
    @MethodSource("instants")
    void writesWhatTheJdkWritesAndReadsItBack(Instant instant) {
        assertEquals(instant.toString(), IsoInstant.format(instant));
        assertEquals(instant, read(instant.toString()));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-28T04:05:06Z, 2026-11-28T04:05:06Z",
            "2026-11-28T04:05:06.1Z, 2026-11-28T04:05:06.100Z",
            "2026-11-28T04:05:06.12345Z, 2026-11-28T04:05:06.123450Z",
            "2026-11-28T05:05:06+01:00, 2026-11-28T04:05:06Z",
            "2016-12-31T23:59:60Z, 2016-12-31T23:59:59Z",
            "2026-11-28T24:00:00Z, 2026-11-29T00:00:00Z",
            "2026-11-28T04:05:06.Z, 2026-11-28T04:05:06Z",
    })
    void readsWhatTheJdkReads(String text, String expected) {
        assertEquals(Instant.parse(text), read(text));
        assertEquals(Instant.parse(expected), read(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", 
            "2026-11-28 04:05:06Z", "2026-11-28T04:05:0xZ", "yesterday"})
    void refusesWhatTheJdkRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(IllegalArgumentException.class, () -> read(text));
        assertNull(IsoInstant.parseCommon(text));
    }

    /** How the stages read an instant: in the envelope's JSON, the common form fast, any other by Jackson. */
    private static Instant read(String text) {
        return Json.read("{\"at\":\"" + text + "\"}", Stamp.class).at();
    }

    record Stamp(Instant at) {
    }

    @Test
    void jsonKeepsTheIsoTextAndReadsOtherForms() {
        Instant at = Instant.parse("2026-11-28T04:05:06.789Z");
        assertEquals("{\"at\":\"2026-11-28T04:05:06.789Z\"}", Json.write(new Stamp(at)));
        assertEquals(at, Json.read("{\"at\":\"2026-11-28T04:05:06.789Z\"}", Stamp.class).at());
        assertEquals(at, Json.read("{\"at\":\"2026-11-28T05:05:06.789+01:00\"}", Stamp.class).at());
    }
}
