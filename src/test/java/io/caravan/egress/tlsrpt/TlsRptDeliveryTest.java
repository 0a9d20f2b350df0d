package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.caravan.testing.TlsReports;
import jakarta.jms.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway under an enforced MTA-STS policy of example.com, which publishes {@code _smtp._tls} with a mailto
 * rua: one delivery over verified TLS, a restart, one delivery to an MX whose certificate names another host. The
 * counts outlive the restart, and the TLS report reaches the rua domain's MX through the gateway's own queues as a
 * gzip JSON attachment with one success and one certificate-host-mismatch.
 */
class TlsRptDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void oneSuccessAndOneFailureAreReportedToTheRua() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("TLS-RPT Test CA");
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             PolicyServer policyHost = new PolicyServer(
                     TestCertificates.issuedBy(ca, "mta-sts.example.com").serverContext());
             Sink good = Sink.withStartTls(TestCertificates.issuedBy(ca, "mx.example.com").serverContext());
             Sink wrongName = Sink.withStartTls(TestCertificates.issuedBy(ca, "other.example.com").serverContext());
             Sink rua = Sink.accepting()) {
            dns.add("example.com. 300 IN MX 10 mx.example.com.").add("mx.example.com. 300 IN A 127.0.0.1")
                    .add("mta-sts.example.com. 300 IN A 127.0.0.1")
                    .add("_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=20260101;\"")
                    .add("_smtp._tls.example.com. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@reports.test\"")
                    .add("reports.test. 300 IN MX 10 mx.reports.test.").add("mx.reports.test. 300 IN A 127.0.0.1");
            policyHost.serve("version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n");
            TestNode node = new TestNode(dir).dns(dns)
                    .set("caravan.egress.tls.ca-file", "test-ca.pem")
                    .set("caravan.egress.mta-sts.trust-store", "test-ca.pem")
                    .set("caravan.egress.mta-sts.port", policyHost.port())
                    .set("caravan.egress.tls-rpt.sender", "tlsrpt@gw.test")
                    .set("caravan.egress.tls-rpt.interval", "1h");
            Files.writeString(node.config().resolve("test-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(ca.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");

            node.transport("example.com smtp:example.com:" + good.port(), "reports.test smtp:reports.test:" + rua.port());
            try (Gateway gateway = node.start()) {
                assertEquals(DeliveryEvent.DELIVERED, deliverOnce(gateway, "T1").type());
            }
            assertTrue(Files.exists(node.data().resolve("tls-rpt")), "counted on disk");

            // the same node again, now with an MX whose certificate names another host, and a short report interval
            node.transport("example.com smtp:example.com:" + wrongName.port(),
                    "reports.test smtp:reports.test:" + rua.port());
            node.set("caravan.egress.tls-rpt.interval", "1s");
            try (Gateway gateway = node.start()) {
                DeliveryEvent failed = deliverOnce(gateway, "T2");
                assertEquals(DeliveryEvent.DEFERRED, failed.type(), failed.toString());

                long[] totals = new long[2];
                List<JsonNode> reports = new ArrayList<>();
                rua.await(received -> {
                    reports.clear();
                    totals[0] = 0;
                    totals[1] = 0;
                    for (Sink.Received r : received) {
                        JsonNode report = TlsReports.json(r.data(), "example.com");
                        reports.add(report);
                        totals[0] += report.at("/policies/0/summary/total-successful-session-count").asLong();
                        totals[1] += report.at("/policies/0/summary/total-failure-session-count").asLong();
                    }
                    return totals[0] >= 1 && totals[1] >= 1;
                }, Duration.ofSeconds(30));
                assertEquals(1, totals[0], reports.toString());
                assertEquals(1, totals[1], reports.toString());
                for (JsonNode report : reports) {
                    assertEquals("sts", report.at("/policies/0/policy/policy-type").asText());
                    assertEquals("example.com", report.at("/policies/0/policy/policy-domain").asText());
                    assertEquals("mx.example.com", report.at("/policies/0/policy/mx-host/0").asText());
                    assertEquals("mode: enforce", report.at("/policies/0/policy/policy-string/1").asText());
                    assertEquals("tlsrpt@gw.test", report.get("contact-info").asText());
                    assertNotNull(report.get("report-id"));
                }
                JsonNode failure = reports.stream().filter(r -> r.at("/policies/0/failure-details").isArray())
                        .findFirst().orElseThrow().at("/policies/0/failure-details/0");
                assertEquals("certificate-host-mismatch", failure.get("result-type").asText(), failure.toString());
                assertEquals("mx.example.com", failure.get("receiving-mx-hostname").asText());
                assertEquals(1, failure.get("failed-session-count").asLong());
                assertEquals(List.of("tlsrpt@gw.test"), rua.senders().stream().distinct().toList());
            }
            assertEquals(1, good.messages().size());
            assertEquals(List.of(), wrongName.messages(), "never to the host whose certificate names another");
        }
    }

    private static DeliveryEvent deliverOnce(Gateway gateway, String id) throws Exception {
        try (Jms jms = new Jms(gateway.connectionFactory())) {
            MessageConsumer events = jms.subscribe(EventRoutes.deliveryTopic("local"));
            jms.send(StageQueue.INCOMING.queueName(), id, ("Subject: " + id + "\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.US_ASCII), EnvelopeJson.write(Jms.envelope(id, "dora@example.com")));
            String json = Jms.next(events, Duration.ofSeconds(30));
            assertNotNull(json, "an outcome within 30 s");
            return Json.read(json, DeliveryEvent.class);
        }
    }
}
