package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.message.Envelope;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryEventTest {

    private static final NodeId NODE = new NodeId("eu", "pop-1");
    private static final Envelope ENVELOPE = new Envelope("Q1", "alice@example.net",
            List.of(Recipient.of("bob@example.com")), null, null, false, null, "192.0.2.1", "client.example.net",
            Instant.parse("2026-11-28T10:00:00Z"));
    private static final Instant AT = Instant.parse("2026-11-28T10:00:05Z");

    @Test
    void fieldsNotGivenAreLeftOutOfTheJson() {
        DeliveryEvent e = DeliveryEvent.about(DeliveryEvent.DEFERRED, NODE, ENVELOPE, "bob@example.com")
                .provider("gmail")
                .reply(null, null, "no egress source may send to gmail now")
                .retryAt(Instant.parse("2026-11-28T10:05:00Z"))
                .at(AT);

        assertEquals("{\"type\":\"deferred\",\"region\":\"eu\",\"node\":\"pop-1\",\"queueId\":\"Q1\","
                + "\"sender\":\"alice@example.net\",\"recipient\":\"bob@example.com\",\"provider\":\"gmail\","
                + "\"text\":\"no egress source may send to gmail now\",\"attempt\":0,"
                + "\"retryAt\":\"2026-11-28T10:05:00Z\",\"at\":\"2026-11-28T10:00:05Z\"}", Json.write(e));
    }

    @Test
    void eachNamedPartLandsInItsFields() {
        DeliveryEvent e = DeliveryEvent.about(DeliveryEvent.DELIVERED, NODE, ENVELOPE, "bob@example.com")
                .via("tx-1", "127.0.0.2", "transactional")
                .provider("gmail")
                .mx("mx.example.com[127.0.0.9]:25")
                .reply(250, "2.0.0", "ok")
                .tls("TLSv1.3")
                .attempt(2)
                .dsn("Q2")
                .at(AT);

        assertEquals(new DeliveryEvent("delivered", "eu", "pop-1", "Q1", "alice@example.net", "bob@example.com",
                "tx-1", "127.0.0.2", "transactional", "gmail", "mx.example.com[127.0.0.9]:25", 250, "2.0.0", "ok",
                "TLSv1.3", 2, null, "Q2", "2026-11-28T10:00:05Z"), e);
    }
}
