package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which messages {@code queue list} and {@code queue flush DEST} select, option by option. */
class QueueFilterTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A deferred delivery for gmail from app@example.org, an hour old. */
    private static final QueuedMessage GMAIL = new QueuedMessage("01A", "caravan.delivery", NOW.minusSeconds(3600),
            "App@Example.org", List.of("a@gmail.com"), 2, "421 4.7.28 later", NOW.plusSeconds(60), "gmail", 7, null);

    @ParameterizedTest(name = "dest={0} sender={1} older={2} state={3} -> {4}")
    @CsvSource(nullValues = "null", value = {
            "null,    null,      null, null,     true",
            "gmail,   null,      null, null,     true",
            "GMAIL,   null,      null, null,     true",
            "gmai,    null,      null, null,     false",
            "null,    app@,      null, null,     true",
            "null,    example.ORG, null, null,   true",
            "null,    other@,    null, null,     false",
            "null,    <>,        null, null,     false",
            "null,    null,      30m,  null,     true",
            "null,    null,      1h,   null,     true",
            "null,    null,      2h,   null,     false",
            "null,    null,      null, deferred, true",
            "null,    null,      null, waiting,  true",
            "null,    null,      null, ready,    false",
            "null,    null,      null, held,     false",
            "gmail,   app@,      1h,   deferred, true",
            "gmail,   app@,      1h,   held,     false",
    })
    void selects(String destination, String sender, String olderThan, String state, boolean selected) {
        QueueFilter filter = new QueueFilter(destination, sender,
                olderThan == null ? null : io.caravan.config.Values.duration(olderThan),
                state == null ? null : QueueFilter.state(state));
        assertEquals(selected, filter.matches(GMAIL, NOW));
    }

    @ParameterizedTest(name = "{0}: {1}, sender <> {2}")
    @CsvSource({
            "caravan.delivery.hold, HELD, true",
            "caravan.incoming, READY, true",
    })
    void stateAndNullSender(String queue, QueuedMessage.State state, boolean nullSenderSelected) {
        QueuedMessage bounce = new QueuedMessage("01B", queue, NOW, "", List.of("x@example.net"), 0, null, null, "-",
                0, null);
        assertEquals(state, bounce.state());
        assertEquals(nullSenderSelected, new QueueFilter(null, "<>", null, state).matches(bounce, NOW));
        assertEquals(true, new QueueFilter("-", null, null, null).matches(bounce, NOW), "- is mail not routed yet");
    }

    @ParameterizedTest(name = "refused: {0}")
    @CsvSource({"queued", "'' ", "all"})
    void unknownStatesAreRefused(String state) {
        assertThrows(IllegalArgumentException.class, () -> QueueFilter.state(state));
    }

    @ParameterizedTest(name = "a message without a known age is never older than {0}")
    @CsvSource({"0s", "1h"})
    void noAgeNoMatch(String olderThan) {
        QueuedMessage unknown = GMAIL.withReceived(null);
        assertEquals(false, new QueueFilter(null, null, io.caravan.config.Values.duration(olderThan), null)
                .matches(unknown, NOW));
        assertEquals(true, QueueFilter.ALL.matches(unknown, NOW.plus(Duration.ofDays(1))));
    }
}
