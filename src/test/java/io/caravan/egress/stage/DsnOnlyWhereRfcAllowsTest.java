package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.bounce.BounceOutcome;
import io.caravan.broker.StageQueue;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounce stage writes no DSN for a null-sender message (RFC 5321 §4.5.5) nor for a recipient
 * with NOTIFY=NEVER (RFC 3461), and honours RET=HDRS for the one it does write: the sender's
 * server receives exactly one DSN, returning headers only, and no failure is left queued.
 */
class DsnOnlyWhereRfcAllowsTest {

    @TempDir
    Path dir;

    @Test
    void nullSenderAndNotifyNeverGetNoDsn() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); SenderMailbox sender = new SenderMailbox()) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.org", sender.port())
                    .set("caravan.bounce.consumers", 1);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory());
                 Connection c = gateway.connectionFactory().createConnection()) {
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer bounce = session.createProducer(session.createQueue(StageQueue.BOUNCE.queueName()));
                Recipient never = new Recipient("n@example.net", Set.of(Recipient.Notify.NEVER), null);
                send(session, bounce, envelope("NULL1", "", "HDRS", Recipient.of("x@example.net")));
                send(session, bounce, envelope("NEVER1", Scenario.SENDER, "HDRS", never));
                send(session, bounce, envelope("WANTED1", Scenario.SENDER, "HDRS", Recipient.of("y@example.net")));

                SenderMailbox.Report dsn = sender.awaitReport(Duration.ofSeconds(20));
                assertTrue(dsn.humanText().contains("WANTED1"), dsn.humanText());
                assertEquals("text/rfc822-headers", dsn.returnedType().split(";")[0].trim());
                assertEquals(List.of(), Scenario.await(() -> jms.browse(StageQueue.BOUNCE.queueName()),
                        List::isEmpty, Duration.ofSeconds(5)));
                Thread.sleep(500); // a DSN for the earlier two would have been queued before WANTED1's
                assertEquals(1, sender.received().size());
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.holdQueueName()));
                assertEquals(List.of(), jms.browse(StageQueue.INCOMING.queueName()));
            }
        }
    }

    private static Envelope envelope(String id, String from, String ret, Recipient r) {
        return new Envelope(id, from, List.of(r), ret, null, false, null, "127.0.0.1", "c.example.org",
                Instant.now());
    }

    private static void send(Session session, MessageProducer producer, Envelope e) throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(Scenario.message(e.queueId()));
        m.setStringProperty(Headers.QUEUE_ID, e.queueId());
        m.setStringProperty(Headers.ENVELOPE, EnvelopeJson.write(e));
        m.setStringProperty(Headers.OUTCOMES, Json.write(List.of(new BounceOutcome(e.recipients().get(0), "5.1.1",
                "user unknown", 550, "mx.example.net", Instant.now()))));
        producer.send(m);
    }
}
