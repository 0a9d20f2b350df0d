package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Recipient;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.Sink;
import io.caravan.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that came with REQUIRETLS, for a domain at the shipped level {@code may} whose receiver offers no
 * STARTTLS: it is not delivered in cleartext but returned at once, with a DSN carrying RFC 8689's 5.7.10 to the
 * sender's MX, and the DSN returns only the original's header section.
 */
class RequireTlsBounceTest {

    @TempDir
    Path dir;

    @Test
    void aRequireTlsMessageToAReceiverWithoutTlsBounces() throws Exception {
        try (Sink dest = Sink.accepting(); Sink senderMx = Sink.accepting();
             LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("dest.test. 300 IN MX 10 mx.dest.test.").add("mx.dest.test. 300 IN A 127.0.0.1")
                    .add("shop.test. 300 IN MX 10 mx.shop.test.").add("mx.shop.test. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("dest.test smtp:dest.test:" + dest.port(),
                    "shop.test smtp:shop.test:" + senderMx.port());
            Envelope envelope = new Envelope("T1", "alice@shop.test", List.of(Recipient.of("bob@dest.test")), null,
                    null, false, "alice", "127.0.0.1", "client.test", Instant.now(), true);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                jms.send(StageQueue.INCOMING.queueName(), "T1", "Subject: t\r\n\r\nthe secret body\r\n".getBytes(
                        StandardCharsets.US_ASCII), EnvelopeJson.write(envelope));
                List<Sink.Received> dsns = senderMx.await(m -> !m.isEmpty(), Duration.ofSeconds(30));
                String dsn = new String(dsns.get(0).data(), StandardCharsets.UTF_8);
                assertEquals("", dsns.get(0).from(), "a DSN from the null sender");
                assertTrue(dsn.contains("Status: 5.7.10"), dsn);
                assertTrue(dsn.contains("text/rfc822-headers"), dsn);
                assertFalse(dsn.contains("the secret body"), dsn);
                assertEquals(List.of(), dest.messages(), "nothing in cleartext to the receiver");
            }
        }
    }
}
