package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the queue tool makes of the broker's listing, and how it prints it. */
class QueueListingTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "{0} -> stage {1}, held {2}")
    @CsvSource({
            "caravan.incoming, incoming, false",
            "caravan.delivery, delivery, false",
            "caravan.delivery.hold, delivery, true",
            "caravan.bounce.hold, bounce, true",
    })
    void stageAndHoldFromTheQueueName(String queue, String stage, boolean held) {
        QueuedMessage m = QueuedMessage.from(queue, properties("Q1", 0, null, null));
        assertEquals(stage, m.stage());
        assertEquals(held, m.held());
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"0, 0s", "59, 59s", "60, 1m", "3599, 59m", "3600, 1h", "86399, 23h", "86400, 1d", "-5, 0s"})
    void agesAreShort(long seconds, String shown) {
        assertEquals(shown, QueueListing.age(NOW.minusSeconds(seconds), NOW));
    }

    @Test
    void propertiesOfADeferredDelivery() {
        QueuedMessage m = QueuedMessage.from("caravan.delivery", properties("01ABC", 2, "451 4.7.1 try later",
                NOW.plusSeconds(300).toEpochMilli()));
        assertEquals(new QueuedMessage("01ABC", "caravan.delivery", NOW.minusSeconds(3600), "s@example.org",
                List.of("a@example.net", "b@example.net"), 2, "451 4.7.1 try later", NOW.plusSeconds(300)), m);
    }

    @Test
    void aMessageWithoutEnvelopeIsStillListed() {
        QueuedMessage m = QueuedMessage.from("caravan.incoming", Map.of("timestamp", NOW.toEpochMilli()));
        assertEquals(new QueuedMessage("-", "caravan.incoming", NOW, null, List.of(), 0, null, null), m);
    }

    @Test
    void anEnvelopeCutShortByTheBrokerStillListsTheMessage() {
        Map<String, Object> p = properties("01CUT", 0, null, null);
        p.put(Headers.ENVELOPE, p.get(Headers.ENVELOPE).toString().substring(0, 40) + ", + 121 more");
        assertEquals(new QueuedMessage("01CUT", "caravan.incoming", NOW, null, List.of(), 0, null, null),
                QueuedMessage.from("caravan.incoming", p));
    }

    @Test
    void tableOldestFirstWithRecipientsReplyAndNextAttempt() {
        QueuedMessage young = QueuedMessage.from("caravan.incoming", properties("01YOUNG", 0, null, null))
                .withReceived(NOW.minusSeconds(30));
        QueuedMessage old = QueuedMessage.from("caravan.delivery", properties("01OLD", 3, "451 4.7.1 later",
                NOW.plusSeconds(600).toEpochMilli()));
        QueuedMessage held = QueuedMessage.from("caravan.bounce.hold", properties("01HELD", 0, null,
                NOW.plusSeconds(600).toEpochMilli())).withReceived(NOW.minusSeconds(60));
        assertEquals("""
                QUEUE ID                    STAGE              AGE  TRIES     SENDER / RECIPIENTS
                01OLD                       delivery            1h  3         s@example.org
                                                                                a@example.net
                                                                                b@example.net
                                                                                (451 4.7.1 later)
                                                                                next attempt in 10m
                01HELD                      bounce held         1m  0         s@example.org
                                                                                a@example.net
                                                                                b@example.net
                01YOUNG                     incoming           30s  0         s@example.org
                                                                                a@example.net
                                                                                b@example.net
                3 messages
                """, QueueListing.table(List.of(young, held, old), NOW), "a held message waits for no schedule");
        assertEquals("queue is empty\n", QueueListing.table(List.of(), NOW));
    }

    @Test
    void jsonNamesEveryField() throws Exception {
        QueuedMessage m = QueuedMessage.from("caravan.delivery", properties("01ABC", 1, "451 4.3.0 busy", null));
        JsonNode row = Json.MAPPER.readTree(QueueListing.json(List.of(m), NOW)).get(0);
        assertEquals("01ABC", row.get("queueId").asText());
        assertEquals("caravan.delivery", row.get("queue").asText());
        assertEquals("delivery", row.get("stage").asText());
        assertEquals(false, row.get("held").asBoolean());
        assertEquals("2026-12-07T11:00:00Z", row.get("receivedAt").asText());
        assertEquals(3600, row.get("ageSeconds").asLong());
        assertEquals("s@example.org", row.get("sender").asText());
        assertEquals(2, row.get("recipients").size());
        assertEquals(1, row.get("attempts").asInt());
        assertEquals("451 4.3.0 busy", row.get("lastReply").asText());
        assertEquals(true, row.get("nextAttempt").isNull());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "01M98J9M463N6VHFNK00004DA4 | CaravanQueueId = '01M98J9M463N6VHFNK00004DA4'",
            "abc123 | CaravanQueueId = 'abc123'",
    })
    void filterSelectsByQueueId(String id, String filter) {
        assertEquals(filter, QueueOperations.filter(id));
    }

    @ParameterizedTest(name = "refused: [{0}]")
    @CsvSource(delimiter = '|', value = {"x' OR '1'='1", "''", "a b", "a%"})
    void filterRefusesWhatIsNoQueueId(String id) {
        assertThrows(IllegalArgumentException.class, () -> QueueOperations.filter(id));
    }

    @Test
    void everyStageQueueAndHoldQueueIsAsked() {
        assertEquals(List.of("caravan.incoming", "caravan.delivery", "caravan.bounce", "caravan.incoming.hold",
                "caravan.delivery.hold", "caravan.bounce.hold"), QueueOperations.queues());
        assertEquals(12, QueueOperations.list().size(), "due and scheduled messages of each queue");
        assertEquals("caravan.delivery.hold", QueueOperations.hold("Q1").get(1).get("arguments") instanceof List<?> a
                ? a.get(1) : null);
        assertEquals("caravan.delivery", QueueOperations.release("Q1").get(1).get("arguments") instanceof List<?> a
                ? a.get(1) : null);
    }

    private static Map<String, Object> properties(String id, int attempts, String lastReply, Long scheduled) {
        Envelope envelope = new Envelope(id, "s@example.org", List.of(Recipient.of("a@example.net"),
                Recipient.of("b@example.net")), null, null, false, null, "127.0.0.1", "c.example.org",
                NOW.minusSeconds(3600));
        Map<String, Object> p = new HashMap<>();
        p.put(Headers.QUEUE_ID, id);
        p.put(Headers.ENVELOPE, EnvelopeJson.write(envelope));
        p.put(Headers.ATTEMPTS, attempts);
        p.put("timestamp", NOW.toEpochMilli());
        if (lastReply != null) {
            p.put(Headers.LAST_REPLY, lastReply);
        }
        if (scheduled != null) {
            p.put(Headers.SCHEDULED_DELIVERY, scheduled);
        }
        return p;
    }
}
