package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's TLS keys reach egress: a {@code verify} destination whose certificate comes from
 * the operator's own CA ({@code caravan.egress.tls.ca-file}) is delivered over TLS 1.3 only
 * ({@code caravan.egress.tls.protocols}); without that CA the same destination defers, and
 * nothing goes out in cleartext.
 */
class OperatorTlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void verifyTrustsTheOperatorsCa() throws Exception {
        DeliveryEvent e = deliverOnce(true);
        assertEquals(DeliveryEvent.DELIVERED, e.type(), e.toString());
        assertTrue(e.tls().startsWith("TLSv1.3/") && e.tls().endsWith("/pkix"), e.tls());
    }

    @Test
    void withoutTheCaTheSameDestinationDefers() throws Exception {
        DeliveryEvent e = deliverOnce(false);
        assertEquals(DeliveryEvent.DEFERRED, e.type(), e.toString());
        assertEquals("4.7.5", e.enhanced(), e.toString());
    }

    private DeliveryEvent deliverOnce(boolean trustCa) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Operator Test CA");
        TestCertificates.Issued cert = TestCertificates.issuedBy(ca, "mx.dest.test");
        try (TlsReceiver mx = new TlsReceiver(cert.serverContext()); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("dest.test. 300 IN MX 10 mx.dest.test.").add("mx.dest.test. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("dest.test smtp:dest.test:" + mx.port())
                    .set("caravan.egress.tls.protocols", "TLSv1.3");
            Files.writeString(node.config().resolve("tls_policy"), "dest.test verify\n");
            if (trustCa) {
                Files.writeString(node.config().resolve("operator-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(ca.certificate().getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
                node.set("caravan.egress.tls.ca-file", "operator-ca.pem");
            }
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
                jms.send(StageQueue.INCOMING.queueName(), "T1", "Subject: t\r\n\r\nbody\r\n".getBytes(
                        StandardCharsets.US_ASCII), EnvelopeJson.write(Jms.envelope("T1", "rcpt@dest.test")));
                String json = Jms.next(events, Duration.ofSeconds(30));
                assertNotNull(json, "an outcome within 30 s");
                assertEquals(trustCa ? 1 : 0, mx.received.size(), "nothing in cleartext when TLS cannot be verified");
                return Json.read(json, DeliveryEvent.class);
            }
        }
    }
}
