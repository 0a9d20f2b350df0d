package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without Kafka, every recipient's fate is an event on the node's own broker: one message to a
 * receiver that accepts one recipient, defers one and refuses one gives a delivered, a deferred
 * (with its next try) and a failed event from egress, then a bounced event naming the DSN.
 */
class DeliveryEventsOnTheStreamTest {

    @TempDir
    Path dir;

    @Test
    void eachRecipientsFateIsAnEvent() throws Exception {
        TestMx.Answer answers = (rcpt, n, client) -> rcpt.startsWith("later") ? "451 4.3.2 try again later"
                : rcpt.startsWith("gone") ? "550 5.1.1 no such user" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             TestMx mx = TestMx.answering(answers); SenderMailbox sender = new SenderMailbox()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .routeByName(dns, "example.org", sender.port());
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
                Scenario.accept(jms, "EV1", Scenario.message("EV1"), "ok@example.net", "later@example.net",
                        "gone@example.net");

                Map<String, DeliveryEvent> byType = new HashMap<>();
                while (byType.size() < 4) {
                    String json = Jms.next(events, Duration.ofSeconds(20));
                    assertNotNull(json, "an event within 20 s; so far " + byType.keySet());
                    DeliveryEvent e = Json.read(json, DeliveryEvent.class);
                    if (e.queueId().equals("EV1")) {
                        byType.put(e.type(), e);
                    }
                }
                DeliveryEvent delivered = byType.get("delivered");
                assertEquals("ok@example.net", delivered.recipient());
                assertEquals(Scenario.SENDER, delivered.sender());
                assertEquals(250, delivered.code());
                assertEquals(1, delivered.attempt());
                assertEquals("local", delivered.region());
                assertTrue(delivered.ip().startsWith("127.0.0."), delivered.ip());
                assertEquals("mx.example.net[127.0.0.1]:" + mx.port(), delivered.mx(), "the MX found by name");
                assertNotNull(delivered.source());
                assertNotNull(delivered.pool());

                DeliveryEvent deferred = byType.get("deferred");
                assertEquals("later@example.net", deferred.recipient());
                assertEquals(451, deferred.code());
                assertEquals("4.3.2", deferred.enhanced());
                assertTrue(Instant.parse(deferred.retryAt()).isAfter(Instant.parse(deferred.at())), "its next try");

                DeliveryEvent failed = byType.get("failed");
                assertEquals("gone@example.net", failed.recipient());
                assertEquals(550, failed.code());
                assertNull(failed.retryAt());

                DeliveryEvent bounced = byType.get("bounced");
                assertEquals("gone@example.net", bounced.recipient());
                assertEquals("5.1.1", bounced.enhanced());
                assertNotNull(bounced.dsn(), "the DSN's queue id");
                sender.awaitReport(Duration.ofSeconds(20));
            }
        }
    }
}
