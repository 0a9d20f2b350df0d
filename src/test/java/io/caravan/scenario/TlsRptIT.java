package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.PolicyServer;
import io.caravan.testing.Sink;
import io.caravan.testing.TlsReports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar under an enforced MTA-STS policy of example.com, which publishes {@code _smtp._tls} with a mailto
 * rua: one delivery to the MX over verified TLS, a restart (the day's counts are on disk), one delivery to an MX whose
 * certificate names another host. The next report interval mails one report, through the gateway's own queues to the
 * rua domain's MX, that counts both.
 */
class TlsRptIT {

    @Test
    void aSuccessAndAFailureUnderEnforceAreReportedToTheRua(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("TLS-RPT IT CA");
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             PolicyServer policyHost = new PolicyServer(
                     TestCertificates.issuedBy(ca, "mta-sts.example.com").serverContext());
             Sink good = Sink.withStartTls(TestCertificates.issuedBy(ca, "mx.example.com").serverContext());
             Sink wrongName = Sink.withStartTls(TestCertificates.issuedBy(ca, "other.example.com").serverContext());
             Sink rua = Sink.accepting();
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.com. 300 IN MX 10 mx.example.com.").add("mx.example.com. 300 IN A 127.0.0.1")
                    .add("mta-sts.example.com. 300 IN A 127.0.0.1")
                    .add("_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=20260101;\"")
                    .add("_smtp._tls.example.com. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@reports.test\"")
                    .add("reports.test. 300 IN MX 10 mx.reports.test.").add("mx.reports.test. 300 IN A 127.0.0.1");
            policyHost.serve("version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", transport(good, rua))
                    .write("test-ca.pem", "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                    .encodeToString(ca.certificate().getEncoded())
                            + "\n-----END CERTIFICATE-----\n")
                    .set("caravan.egress.tls.ca-file", "test-ca.pem")
                    .set("caravan.egress.mta-sts.trust-store", "test-ca.pem")
                    .set("caravan.egress.mta-sts.port", policyHost.port())
                    .set("caravan.egress.tls-rpt.sender", "tlsrpt@gw.test");
            gateway.start();
            send(gateway, "verified", " status=sent (");
            gateway.stop(); // SIGTERM: the counts are on disk after every change

            // the interval outlasts the second delivery, so its first report holds both sessions
            gateway.write("transport", transport(wrongName, rua)).set("caravan.egress.tls-rpt.interval", "15s");
            gateway.start();
            String line = send(gateway, "wrong name", " status=deferred (");
            assertTrue(line.contains(" dsn=4.7.5 "), line);

            List<Sink.Received> received = rua.await(r -> !r.isEmpty(), Duration.ofSeconds(60));
            List<JsonNode> reports = TlsReports.of(received, "example.com");
            assertEquals(1, reports.size(), received.toString());
            JsonNode policy = reports.get(0).at("/policies/0");
            assertEquals("sts", policy.at("/policy/policy-type").asText(), policy.toString());
            assertEquals("example.com", policy.at("/policy/policy-domain").asText(), policy.toString());
            assertEquals(1, policy.at("/summary/total-successful-session-count").asLong(), policy.toString());
            assertEquals(1, policy.at("/summary/total-failure-session-count").asLong(), policy.toString());
            assertEquals("certificate-host-mismatch", policy.at("/failure-details/0/result-type").asText(),
                    policy.toString());
            assertEquals("mx.example.com", policy.at("/failure-details/0/receiving-mx-hostname").asText());
            assertEquals(List.of("tlsrpt@reports.test"), received.get(0).recipients());
            assertEquals(1, good.messages().size(), "the verified delivery reached its MX");
            assertEquals(List.of(), wrongName.messages(), "never to the host whose certificate names another");
        }
    }

    private static String transport(Sink exampleMx, Sink ruaMx) {
        return "example.com smtp:example.com:" + exampleMx.port() + "\nreports.test smtp:reports.test:" + ruaMx.port()
                + "\n";
    }

    /** Submits one message to dora@example.com; its delivery line, once it has the expected status. */
    private static String send(PackagedGateway gateway, String subject, String status) throws Exception {
        String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                List.of("dora@example.com"), Mail.text("app@example.org", "dora@example.com", subject)));
        return gateway.awaitLine(Duration.ofSeconds(30), "queue_id=" + queueId + " to=<dora@example.com> ", status);
    }
}
