package io.caravan.message;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeJsonTest {

    @Test
    void roundTrips() {
        Envelope e = new Envelope("01J0000000AAAAAAAA00000001", "a@remote.test",
                List.of(new Recipient("bob@example.com", Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY),
                        "rfc822;bob@example.com"), Recipient.of("carol@example.com")),
                "HDRS", "ENV1", true, "alice", "2001:db8::1", "client.test",
                Instant.parse("2026-11-28T01:02:03.456Z"));
        String json = EnvelopeJson.write(e);
        assertTrue(json.contains("\"receivedAt\":\"2026-11-28T01:02:03.456Z\""), json);
        assertEquals(e, EnvelopeJson.read(json));
    }

    static java.util.stream.Stream<Envelope> envelopes() {
        return java.util.stream.Stream.of(
                new Envelope("Q1", "a@remote.test", List.of(new Recipient("bob@example.com",
                        Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY), "rfc822;bob@example.com"),
                        Recipient.of("carol@example.com")), "HDRS", "ENV1", true, "alice", "2001:db8::1",
                        "client.test", Instant.parse("2026-11-28T01:02:03.456Z")),
                new Envelope("Q2", null, List.of(Recipient.of("\"quoted\\name\"@example.com")), null, null, false,
                        null, "192.0.2.1", null, null),
                new Envelope("Q3", "us\u00e9r@b\u00fccher.example", List.of(new Recipient("x@example.org",
                        Set.of(Recipient.Notify.NEVER), null)), "FULL", "id+2B\u0001", false, null, "192.0.2.2",
                        "helo\ttab", Instant.parse("1999-12-31T23:59:59.000000001Z")),
                new Envelope("Q4", "alice@example.com", List.of(Recipient.of("bob@example.org")), null, null, false,
                        "alice", "192.0.2.3", "client.test", Instant.parse("2026-11-28T01:02:03Z"), true));
    }

    @Test
    void requireTlsTravelsAndAnOlderNodesEnvelopeHasNone() {
        Envelope e = new Envelope("Q5", "alice@example.com", List.of(Recipient.of("bob@example.org")), null, null,
                false, "alice", "192.0.2.3", "client.test", Instant.parse("2026-11-28T01:02:03Z"), true);
        assertTrue(EnvelopeJson.read(EnvelopeJson.write(e)).requireTls());
        assertTrue(e.withRecipients(List.of(Recipient.of("carol@example.org"))).requireTls());
        String older = EnvelopeJson.write(e).replace(",\"requireTls\":true", "");
        assertTrue(!older.contains("requireTls") && !EnvelopeJson.read(older).requireTls(), older);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("envelopes")
    void writesWhatTheGeneralMapperWrites(Envelope e) throws Exception {
        String json = EnvelopeJson.write(e);
        assertEquals(Json.MAPPER.writeValueAsString(e), json);
        assertEquals(e, Json.read(json, Envelope.class));
    }

    @Test
    void aWrittenEnvelopeStandsOnlyForTheVeryStringItWasWrittenAs() {
        Envelope e = envelopes().findFirst().orElseThrow();
        EnvelopeJson.Written written = EnvelopeJson.written(e);
        assertEquals(EnvelopeJson.write(e), written.json());
        assertSame(e, EnvelopeJson.read(written.json(), written));
        // equal text in another string, text something else set, or nothing written beside it: parsed
        String copy = new String(written.json().toCharArray());
        Envelope parsed = EnvelopeJson.read(copy, written);
        assertEquals(e, parsed);
        assertNotSame(e, parsed);
        String changed = written.json().replace("carol@example.com", "dave@example.com");
        assertEquals("dave@example.com", EnvelopeJson.read(changed, written).recipients().get(1).address());
        assertEquals(e, EnvelopeJson.read(written.json(), null));
    }

    @Test
    void nullSenderAndUnknownFieldsAreFine() {
        Envelope e = EnvelopeJson.read("{\"queueId\":\"Q\",\"mailFrom\":\"\",\"recipients\":[{\"address\":\"a@example.net\"}],"
                + "\"receivedAt\":\"2026-01-01T00:00:00Z\",\"addedLater\":1}");
        assertTrue(e.nullSender());
    }

    @Test
    void anEnvelopeWithoutRecipientsIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EnvelopeJson.read(
                "{\"queueId\":\"Q\",\"mailFrom\":\"a@b\",\"recipients\":[]}"));
    }
}
