package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.Sink;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running gateway takes an edit of tls_policy within the check interval: a domain at {@code may} is
 * delivered in cleartext; once the operator raises it to {@code verify}, the next message to it is deferred;
 * an edit that does not parse changes nothing.
 */
class TlsPolicyReloadTest {

    @TempDir
    Path dir;

    @Test
    void aRaisedLevelAppliesWithoutARestart() throws Exception {
        try (Sink mx = Sink.accepting(); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("dest.test. 300 IN MX 10 mx.dest.test.").add("mx.dest.test. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("dest.test smtp:dest.test:" + mx.port())
                    .set("caravan.config.check-interval", "100ms");
            Path policy = node.config().resolve("tls_policy");
            Files.writeString(policy, "dest.test may\n");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
                assertEquals(DeliveryEvent.DELIVERED, send(jms, events, "T1").type());

                Files.writeString(policy, "dest.test verify\n");
                Thread.sleep(500); // several check intervals
                DeliveryEvent raised = send(jms, events, "T2");
                assertEquals(DeliveryEvent.DEFERRED, raised.type(), raised.toString());
                assertEquals("4.7.4", raised.enhanced(), raised.toString());

                Files.writeString(policy, "dest.test maybe\n");
                Thread.sleep(500);
                assertEquals(DeliveryEvent.DEFERRED, send(jms, events, "T3").type(), "verify stays in force");
                assertEquals(1, mx.messages().size(), "only the message sent at may reached the receiver");
            }
        }
    }

    private static DeliveryEvent send(Jms jms, MessageConsumer events, String id) throws Exception {
        jms.send(StageQueue.INCOMING.queueName(), id, "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII),
                EnvelopeJson.write(Jms.envelope(id, "rcpt@dest.test")));
        while (true) {
            String json = Jms.next(events, Duration.ofSeconds(30));
            assertNotNull(json, "an outcome for " + id + " within 30 s");
            DeliveryEvent e = Json.read(json, DeliveryEvent.class);
            if (id.equals(e.queueId())) {
                return e;
            }
        }
    }
}
