package io.caravan.egress.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.egress.tls.TestCertificates;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.EventRoutes;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PolicyServer;
import io.caravan.testing.Sink;
import io.caravan.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.jms.MessageConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MTA-STS end to end on loopback: the policy announced by a TXT record on a DNS server, served by an HTTPS server
 * whose certificate chains to a test CA, the MX a SubEthaSMTP sink with STARTTLS and a certificate of the same CA.
 */
class MtaStsDeliveryTest {

    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private TestCertificates.Issued ca;
    private LoopbackDnsServer dns;
    private PolicyServer policyHost;
    private Sink mx;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificates.ca("MTA-STS Test CA");
        dns = LoopbackDnsServer.start();
        policyHost = new PolicyServer(TestCertificates.issuedBy(ca, "mta-sts.example.com").serverContext());
        mx = Sink.withStartTls(TestCertificates.issuedBy(ca, "mx.example.com").serverContext());
        dns.add("example.com. 300 IN MX 10 mx.example.com.").add("mx.example.com. 300 IN A 127.0.0.1")
                .add("mta-sts.example.com. 300 IN A 127.0.0.1")
                .add("_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=20260101;\"");
    }

    @AfterEach
    void stop() {
        mx.close();
        policyHost.close();
        dns.close();
    }

    private TestNode node() throws Exception {
        TestNode node = new TestNode(dir).dns(dns).transport("example.com smtp:example.com:" + mx.port())
                .set("caravan.egress.tls.ca-file", "test-ca.pem")
                .set("caravan.egress.mta-sts.trust-store", "test-ca.pem")
                .set("caravan.egress.mta-sts.port", policyHost.port());
        Files.writeString(node.config().resolve("test-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return node;
    }

    private static String policy(String mode, String mxPattern) {
        return "version: STSv1\r\nmode: " + mode + "\r\nmx: " + mxPattern + "\r\nmax_age: 86400\r\n";
    }

    /** Sends one message to dora@example.com and returns the first delivery event of it. */
    private static DeliveryEvent deliverOnce(Gateway gateway) throws Exception {
        String id = "STS" + IDS.incrementAndGet();
        try (Jms jms = new Jms(gateway.connectionFactory())) {
            MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
            jms.send(StageQueue.INCOMING.queueName(), id, ("Subject: " + id + "\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.US_ASCII), EnvelopeJson.write(Jms.envelope(id, "dora@example.com")));
            String json = Jms.next(events, Duration.ofSeconds(30));
            assertNotNull(json, "an outcome within 30 s");
            return Json.read(json, DeliveryEvent.class);
        }
    }

    @Test
    void enforceWithAMatchingMxDeliversOverVerifiedTls() throws Exception {
        policyHost.serve(policy("enforce", "mx.example.com"));
        try (Gateway gateway = node().start()) {
            DeliveryEvent event = deliverOnce(gateway);
            assertEquals(DeliveryEvent.DELIVERED, event.type(), event.toString());
            assertTrue(event.tls().endsWith("/pkix"), "verified against the MX name: " + event.tls());
        }
        assertEquals(1, mx.messages().size());
        assertNotNull(mx.messages().get(0).tls(), "over TLS");
        assertEquals(1, policyHost.requests().size(), "one fetch");
    }

    @Test
    void enforceWithAnMxThePolicyDoesNotNameDefersWithoutSending() throws Exception {
        policyHost.serve(policy("enforce", "mx.elsewhere.example"));
        try (Gateway gateway = node().start()) {
            DeliveryEvent event = deliverOnce(gateway);
            assertEquals(DeliveryEvent.DEFERRED, event.type(), event.toString());
            assertEquals("4.7.5", event.enhanced());
            assertTrue(event.text().contains("MTA-STS policy of example.com"), event.text());
        }
        assertEquals(List.of(), mx.messages(), "nothing reached the MX");
    }

    @Test
    void enforceWithACertificateOfAnotherNameDefers() throws Exception {
        mx.close();
        mx = Sink.withStartTls(TestCertificates.issuedBy(ca, "other.example.com").serverContext());
        policyHost.serve(policy("enforce", "mx.example.com"));
        try (Gateway gateway = node().start()) {
            DeliveryEvent event = deliverOnce(gateway);
            assertEquals(DeliveryEvent.DEFERRED, event.type(), event.toString());
            assertEquals("4.7.5", event.enhanced(), event.toString());
        }
        assertEquals(List.of(), mx.messages(), "never in cleartext, never to an unverified host");
    }

    @Test
    void testingModeDeliversAndLogsWhatEnforceWouldRefuse() throws Exception {
        policyHost.serve(policy("testing", "mx.elsewhere.example"));
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LogManager.getLogger(StsHosts.class);
        AbstractAppender appender = new AbstractAppender("mta-sts-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender);
        try (Gateway gateway = node().start()) {
            DeliveryEvent event = deliverOnce(gateway);
            assertEquals(DeliveryEvent.DELIVERED, event.type(), event.toString());
        } finally {
            logger.removeAppender(appender);
            appender.stop();
        }
        assertEquals(1, mx.messages().size());
        assertTrue(logged.stream().anyMatch(l -> l.contains("testing policy of example.com")
                && l.contains("mx.example.com") && l.contains("enforce would defer")), logged.toString());
    }

    @Test
    void theCachedPolicyOutlivesARestart() throws Exception {
        policyHost.serve(policy("enforce", "mx.example.com"));
        TestNode node = node();
        try (Gateway gateway = node.start()) {
            assertEquals(DeliveryEvent.DELIVERED, deliverOnce(gateway).type());
        }
        assertTrue(Files.exists(node.data().resolve("mta-sts/policies.json")));
        policyHost.serve(policy("enforce", "mx.elsewhere.example")); // would defer, if it were fetched
        try (Gateway gateway = node.start()) {
            assertEquals(DeliveryEvent.DELIVERED, deliverOnce(gateway).type());
        }
        assertEquals(1, policyHost.requests().size(), "the second start fetched nothing: " + policyHost.requests());
        assertEquals(2, mx.messages().size());
    }
}
