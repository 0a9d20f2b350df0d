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
            "caravan.lane.transactional.gmail, delivery, false",
            "caravan.lane.bulk.example.net.hold, delivery, true",
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
                List.of("a@example.net", "b@example.net"), 2, "451 4.7.1 try later", NOW.plusSeconds(300), "-", 0, null),
                m);
        assertEquals(QueuedMessage.State.DEFERRED, m.state());
    }

    @Test
    void aMessageWithoutEnvelopeIsStillListed() {
        QueuedMessage m = QueuedMessage.from("caravan.incoming", Map.of("timestamp", NOW.toEpochMilli()));
        assertEquals(new QueuedMessage("-", "caravan.incoming", NOW, null, List.of(), 0, null, null, "-", 0, null), m);
    }

    @Test
    void anEnvelopeCutShortByTheBrokerStillListsTheMessage() {
        Map<String, Object> p = properties("01CUT", 0, null, null);
        p.put(Headers.ENVELOPE, p.get(Headers.ENVELOPE).toString().substring(0, 40) + ", + 121 more");
        assertEquals(new QueuedMessage("01CUT", "caravan.incoming", NOW, null, List.of(), 0, null, null, "-", 0, null),
                QueuedMessage.from("caravan.incoming", p));
    }

    @Test
    void tableOldestFirstWithRecipientsReplyAndNextAttempt() {
        Map<String, Object> youngProperties = properties("01YOUNG", 0, null, null);
        youngProperties.put("_AMQ_LARGE_SIZE", 12_345L);
        QueuedMessage young = QueuedMessage.from("caravan.incoming", youngProperties).withReceived(NOW.minusSeconds(30));
        Map<String, Object> oldProperties = properties("01OLD", 3, "451 4.7.1 later", NOW.plusSeconds(600).toEpochMilli());
        oldProperties.put(Headers.ROUTE, "{\"nexthop\":\"smtp:gmail.com\",\"provider\":\"gmail\"}");
        QueuedMessage old = QueuedMessage.from("caravan.delivery", oldProperties);
        QueuedMessage held = QueuedMessage.from("caravan.bounce.hold", properties("01HELD", 0, null,
                NOW.plusSeconds(600).toEpochMilli())).withReceived(NOW.minusSeconds(60));
        assertEquals("""
                QUEUE ID                    STAGE     STATE       AGE    SIZE  TRIES  DESTINATION           SENDER / RECIPIENTS
                01OLD                       delivery  deferred     1h       -      3  gmail                 s@example.org
                                                                                                              a@example.net
                                                                                                              b@example.net
                                                                                                              (451 4.7.1 later)
                                                                                                              next attempt in 10m
                01HELD                      bounce    held         1m       -      0  -                     s@example.org
                                                                                                              a@example.net
                                                                                                              b@example.net
                01YOUNG                     incoming  ready       30s     12K      0  -                     s@example.org
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
    void caravansQueuesAreFoundByNameStagesFirstThenHoldQueues() throws Exception {
        JsonNode search = Json.MAPPER.readTree("[" + String.join(",", List.of(
                quoted(QueueOperations.mbean("caravan.delivery.hold")),
                quoted(QueueOperations.mbean("caravan.lane.bulk.gmail")),
                quoted(QueueOperations.mbean("caravan.bounce")),
                quoted(QueueOperations.mbean("caravan.incoming")),
                quoted(QueueOperations.mbean("caravan.delivery")),
                quoted(QueueOperations.mbean("DLQ")),
                quoted("org.apache.activemq.artemis:broker=\"caravan\",component=addresses,address=\"x\","
                        + "subcomponent=queues,routing-type=\"anycast\",queue=\"3f2a-uuid\""))) + "]");
        List<String> queues = QueueOperations.queues(search);
        assertEquals(List.of("caravan.incoming", "caravan.delivery", "caravan.bounce", "caravan.lane.bulk.gmail",
                "caravan.delivery.hold"), queues);
        assertEquals(10, QueueOperations.list(queues).size(), "due and scheduled messages of each queue");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "caravan.delivery, caravan.delivery.hold",
            "caravan.incoming, caravan.incoming.hold",
            "caravan.lane.bulk.gmail, caravan.delivery.hold",
    })
    void holdMovesToTheQueuesOwnHoldQueueElseTheDeliveryStages(String queue, String hold) {
        List<String> queues = QueueOperations.stageQueues();
        List<String> withLane = new java.util.ArrayList<>(queues);
        withLane.add("caravan.lane.bulk.gmail");
        Map<String, Object> move = QueueOperations.hold(withLane, "Q1").stream()
                .filter(r -> r.get("mbean").equals(QueueOperations.mbean(queue))).findFirst().orElseThrow();
        assertEquals(List.of("CaravanQueueId = 'Q1'", hold), move.get("arguments"));
    }

    @Test
    void releaseFlushAndBounceActOnTheRightQueues() {
        List<String> queues = QueueOperations.stageQueues();
        assertEquals(List.of("CaravanQueueId = 'Q1'", "caravan.delivery"),
                QueueOperations.release(queues, "Q1").get(1).get("arguments"));
        assertEquals(3, QueueOperations.flush(queues, null).size(), "the queues a stage takes from, not the held");
        assertEquals(List.of(""), QueueOperations.flush(queues, null).get(0).get("arguments"));
        List<Map<String, Object>> bounce = QueueOperations.bounce(queues, "Q1");
        assertEquals(6, bounce.size(), "five moves to caravan.bounce, then due there");
        assertEquals(List.of("CaravanQueueId = 'Q1'", "caravan.bounce"), bounce.get(0).get("arguments"));
        assertEquals(QueueOperations.mbean("caravan.bounce"), bounce.get(5).get("mbean"));
        assertEquals("deliverScheduledMessages(java.lang.String)", bounce.get(5).get("operation"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"nexthop\":\"smtp:example.net\",\"provider\":\"gmail\"} | gmail",
            "{\"nexthop\":\"smtp:example.net\",\"provider\":\"default\"} | smtp:example.net",
            "{\"nexthop\":\"relay:[10.0.0.1]:25\"} | relay:[10.0.0.1]:25",
            "{\"nexthop\":\"smtp:example.net\",\"pro | -",
            "'' | -",
    })
    void destinationIsTheProviderElseTheNexthop(String route, String destination) {
        assertEquals(destination, QueuedMessage.destinationOf(route.isEmpty() ? null : route));
    }

    private static String quoted(String text) {
        return Json.write(text);
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
