package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.broker.EmbeddedBroker;
import io.caravan.broker.Lanes;
import io.caravan.broker.QueuedBodies;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import jakarta.jms.MessageConsumer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code queue show}'s header fields, read by the node from the embedded broker's queues: a ready copy and a
 * scheduled (deferred) one, a large message from the head of its file, a section longer than what is read;
 * nothing is taken or changed. And the table of how bytes become the fields the tool prints.
 */
class HeaderSectionsTest {

    @TempDir
    Path dir;

    @Test
    void readyScheduledAndLargeCopiesShowTheirHeaderSectionsAndStayQueued() throws Exception {
        String lane = Lanes.PREFIX + "bulk.example_net";
        long later = System.currentTimeMillis() + 3_600_000;
        byte[] incoming = bytes("Subject: deferred\r\nFrom: <a@example.org>\r\n\r\nbody\r\n");
        byte[] deferred = bytes("DKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc\r\nSubject: deferred\r\n"
                + "From: <a@example.org>\r\n\r\nSubject: not a header\r\n");
        byte[] big = concat(bytes("Subject: big\r\n\r\n"), new byte[300 * 1024]);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(String.format("Received: from hop%04d.example.org by next.example.org\r\n", i));
        }
        byte[] longSection = concat(bytes(many + "\r\nbody\r\n"), new byte[200 * 1024]);
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), dir, "");
             Jms jms = new Jms(broker.connectionFactory());
             Queues queues = Queues.register("headers-1", Clock.systemUTC(), Duration.ZERO, s -> { },
                     broker.queuedBodies())) {
            jms.send("caravan.incoming", "01COPY", incoming, null);
            jms.send(lane, "01COPY", deferred, null, later);
            jms.send(lane, "01OTHER", bytes("Subject: other\r\n\r\n"), null);
            jms.send("other.queue", "01COPY", bytes("Subject: not caravan's\r\n\r\n"), null);
            jms.send(lane, "01BIG", big, null, later);
            jms.send("caravan.incoming", "01LONG", longSection, null);
            long laneCount = broker.messageCount(lane);
            long incomingCount = broker.messageCount("caravan.incoming");

            Map<String, HeaderSection> copies = sections(queues, "01COPY");
            assertEquals(2, copies.size(), copies.toString());
            assertEquals(List.of("Subject: deferred", "From: <a@example.org>"),
                    only(copies, "caravan.incoming").fields());
            HeaderSection scheduled = only(copies, lane);
            assertEquals(List.of("DKIM-Signature: v=1; a=rsa-sha256; b=abc", "Subject: deferred",
                    "From: <a@example.org>"), scheduled.fields(), "the scheduled copy, folded field joined");
            assertEquals(false, scheduled.cut());

            HeaderSection large = only(sections(queues, "01BIG"), lane);
            assertEquals(List.of("Subject: big"), large.fields(), "a large scheduled message, from its file's head");

            HeaderSection cut = only(sections(queues, "01LONG"), "caravan.incoming");
            assertTrue(cut.cut(), "2000 fields are more than 64 KiB");
            int read = HeaderSection.LIMIT / "Received: from hop0000.example.org by next.example.org\r\n".length();
            assertEquals(read, cut.fields().size(), "the complete lines of the first 64 KiB");
            assertEquals("Received: from hop0000.example.org by next.example.org", cut.fields().get(0));

            assertEquals(Map.of(), sections(queues, "01NONE"));
            assertThrows(IllegalArgumentException.class, () -> queues.headerSections("x' OR '1'='1"));

            assertEquals(laneCount, broker.messageCount(lane), "nothing taken from the lane");
            assertEquals(incomingCount, broker.messageCount("caravan.incoming"), "nothing taken from incoming");
            assertEquals(List.of("01OTHER"), jms.browse(lane), "the scheduled ones still wait for their time");
            MessageConsumer consumer = jms.consume("caravan.incoming");
            assertArrayEquals(incoming, consumer.receive(5000).getBody(byte[].class), "the body as it was sent");
            assertArrayEquals(longSection, consumer.receive(5000).getBody(byte[].class),
                    "the large body's file whole and unchanged");
        }
    }

    @Test
    void aBrokerNotRunningHasNoBodiesToRead(@TempDir Path data) throws Exception {
        QueuedBodies bodies;
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), data, "")) {
            bodies = broker.queuedBodies();
        }
        assertEquals(List.of(), bodies.find("caravan.", "CaravanQueueId", "01X", HeaderSection.LIMIT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // body (~ CRLF, \n LF, \t tab, \e ESC) | whole | entry's naming word | fields (;)
        "Subject: hi~From: <a@b>~~body~Subject: no          | true  | whole | Subject: hi;From: <a@b>",
        "Subject: hi\\nFrom: <a@b>\\n\\nbody                | true  | whole | Subject: hi;From: <a@b>",
        "Received: from a~\\tby b~Subject: x~~body          | true  | whole | Received: from a by b;Subject: x",
        "~Subject: in the body                              | true  | whole | ''",
        "Subject: no end of section, whole body             | true  | whole | Subject: no end of section, whole body",
        "Subject: a~Subject: b, cut mid-li                  | false | cut   | Subject: a",
        "Subject: \\e[31mred~~                              | true  | whole | Subject: \\x1b[31mred",
    })
    void theFieldsBeforeTheEmptyLineFoldedLinesJoinedControlsShown(String body, boolean whole, String naming,
                                                                   String fields) {
        byte[] b = bytes(body.strip().replace("~", "\r\n").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\e", "\u001b"));
        String entry = HeaderSection.entry(new QueuedBodies.Head("caravan.incoming", 7, b, whole));
        assertTrue(entry.startsWith("caravan.incoming 7 " + naming + "\n"), entry);
        HeaderSection section = HeaderSection.parse(Json.MAPPER.valueToTree(List.of(entry)))
                .get("caravan.incoming 7");
        assertEquals(fields.isEmpty() ? List.of() : List.of(fields.strip().split(";")), section.fields());
        assertEquals(naming.equals("cut"), section.cut());
    }

    @Test
    void showPrintsEachCopysFieldsOrWhyItHasNone() throws Exception {
        MessageDetail incoming = MessageDetail.from("caravan.incoming", Map.of(io.caravan.message.Headers.QUEUE_ID,
                "01A", "messageID", 7L));
        MessageDetail lane = MessageDetail.from("caravan.lane.bulk.gmail", Map.of(io.caravan.message.Headers.QUEUE_ID,
                "01A", "messageID", 9L));
        Map<String, HeaderSection> answered = HeaderSection.parse(Json.MAPPER.valueToTree(List.of(
                "caravan.incoming 7 cut\nSubject: hi\r\nTo: <b@example.net>\r\n")));
        String text = MessageDetail.text(List.of(incoming.withHeader(answered), lane.withHeader(answered)),
                java.time.Instant.now());
        assertTrue(text.contains("""
                header:       Subject: hi
                header:       To: <b@example.net>
                header:       (cut: no end of the header section in the first 64 KiB)
                """), text);
        assertTrue(text.endsWith("header:       (not read: the copy left caravan.lane.bulk.gmail since it was listed)\n"),
                text);
        var rows = Json.MAPPER.readTree(MessageDetail.json(List.of(incoming.withHeader(answered),
                lane.withHeaderNote("(not shown: refused)")), java.time.Instant.now()));
        assertEquals("[\"Subject: hi\",\"To: <b@example.net>\"]", rows.get(0).get("header").toString());
        assertTrue(rows.get(1).get("header").isNull());
        assertEquals("(not shown: refused)", rows.get(1).get("headerNote").asText());
    }

    private static Map<String, HeaderSection> sections(Queues queues, String queueId) {
        return HeaderSection.parse(Json.MAPPER.valueToTree(queues.headerSections(queueId)));
    }

    private static HeaderSection only(Map<String, HeaderSection> sections, String queue) {
        List<HeaderSection> on = sections.entrySet().stream().filter(e -> e.getKey().startsWith(queue + " "))
                .map(Map.Entry::getValue).collect(Collectors.toList());
        assertEquals(1, on.size(), queue + " in " + sections.keySet());
        return on.get(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
