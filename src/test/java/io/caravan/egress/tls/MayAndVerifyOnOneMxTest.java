package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two domains hosted on one MX (as Google Workspace or Microsoft 365 domains are), one at tls_policy
 * {@code may} and one at {@code verify}, in one message, against a receiver that offers no STARTTLS: the
 * {@code may} recipient is delivered in cleartext and the {@code verify} recipient is deferred, whichever
 * comes first in the envelope. The receiver never sees the {@code verify} recipient.
 */
class MayAndVerifyOnOneMxTest {

    private static final String MAY = "rcpt@may.test";
    private static final String VERIFY = "rcpt@verify.test";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void verifyRecipientIsNeverDeliveredInClear(boolean mayFirst) throws Exception {
        try (Sink mx = Sink.accepting(); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("may.test. 300 IN MX 10 mx.shared.test.").add("verify.test. 300 IN MX 10 mx.shared.test.")
                    .add("mx.shared.test. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("may.test smtp:may.test:" + mx.port(),
                    "verify.test smtp:verify.test:" + mx.port());
            Files.writeString(node.config().resolve("tls_policy"), "may.test may\nverify.test verify\n");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
                String[] order = mayFirst ? new String[] {MAY, VERIFY} : new String[] {VERIFY, MAY};
                jms.send(StageQueue.INCOMING.queueName(), "T1", "Subject: t\r\n\r\nbody\r\n".getBytes(
                        StandardCharsets.US_ASCII), EnvelopeJson.write(Jms.envelope("T1", order)));
                Map<String, DeliveryEvent> outcomes = new HashMap<>();
                while (outcomes.size() < 2) {
                    String json = Jms.next(events, Duration.ofSeconds(30));
                    assertNotNull(json, "an outcome for each recipient within 30 s, got " + outcomes);
                    DeliveryEvent e = Json.read(json, DeliveryEvent.class);
                    outcomes.putIfAbsent(e.recipient(), e);
                }
                assertEquals(DeliveryEvent.DELIVERED, outcomes.get(MAY).type(), outcomes.toString());
                assertEquals(DeliveryEvent.DEFERRED, outcomes.get(VERIFY).type(), outcomes.toString());
                assertEquals("4.7.4", outcomes.get(VERIFY).enhanced(), outcomes.toString());
                List<Sink.Received> received = mx.messages();
                assertEquals(1, received.size(), "one message, for the may recipient only");
                assertEquals(List.of(MAY), received.get(0).recipients());
                assertNull(received.get(0).tls(), "the may recipient went in cleartext: the receiver has no TLS");
            }
        }
    }
}
