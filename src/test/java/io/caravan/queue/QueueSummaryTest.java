package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The summary per destination (qshape's view) and per stage, whichever queue a message waits on. */
class QueueSummaryTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static QueuedMessage message(String queue, String destination, long ageSeconds, boolean deferred) {
        return new QueuedMessage("01" + queue.length() + destination, queue, NOW.minusSeconds(ageSeconds), "s@x.org",
                List.of("r@y.net"), 0, null, deferred ? NOW.plusSeconds(60) : null, destination, 0, null);
    }

    /** queue, destination, age, deferred: the same mail before and after per-destination queues. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "one delivery queue | caravan.delivery | caravan.delivery | caravan.delivery.hold",
            "per-destination queues | caravan.lane.bulk.gmail | caravan.lane.bulk.example.net | caravan.delivery.hold",
    })
    void countsPerDestinationWhateverTheQueues(String name, String gmailQueue, String otherQueue, String hold) {
        List<QueuedMessage> messages = new ArrayList<>(List.of(
                message(gmailQueue, "gmail", 7200, true),
                message(gmailQueue, "gmail", 60, false),
                message(hold, "gmail", 30, false),
                message(otherQueue, "smtp:example.net", 600, true),
                message("caravan.incoming", "-", 5, false)));
        List<QueueSummary.Row> rows = QueueSummary.byDestination(messages, NOW);
        assertEquals(List.of(
                new QueueSummary.Row("gmail", 1, 1, 1, 7200),
                new QueueSummary.Row("-", 1, 0, 0, 5),
                new QueueSummary.Row("smtp:example.net", 0, 1, 0, 600)), rows, "largest first, then by name");
        assertEquals(List.of(
                new QueueSummary.Row("delivery", 1, 2, 1, 7200),
                new QueueSummary.Row("incoming", 1, 0, 0, 5)), QueueSummary.byStage(messages, NOW));
    }

    @Test
    void tableWithTotals() {
        List<QueueSummary.Row> rows = List.of(new QueueSummary.Row("gmail", 1, 1, 1, 7200),
                new QueueSummary.Row("smtp:example.net", 0, 1, 0, 600));
        assertEquals("""
                DESTINATION                        TOTAL   READY   DEFER    HELD   OLDEST
                gmail                                  3       1       1       1       2h
                smtp:example.net                       1       0       1       0      10m
                TOTAL                                  4       1       2       1       2h
                """, QueueSummary.table(rows));
        assertEquals("queue is empty\n", QueueSummary.table(List.of()));
    }

    @Test
    void jsonNamesEveryCount() throws Exception {
        JsonNode row = Json.MAPPER.readTree(QueueSummary.json(List.of(new QueueSummary.Row("gmail", 1, 2, 3, 42))))
                .get(0);
        assertEquals("gmail", row.get("destination").asText());
        assertEquals(6, row.get("total").asInt());
        assertEquals(1, row.get("ready").asInt());
        assertEquals(2, row.get("deferred").asInt());
        assertEquals(3, row.get("held").asInt());
        assertEquals(42, row.get("oldestSeconds").asLong());
    }
}
