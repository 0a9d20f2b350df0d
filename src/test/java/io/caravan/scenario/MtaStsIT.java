package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.PolicyServer;
import io.caravan.testing.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar under an MTA-STS policy in enforce mode that names another MX than the domain's: the policy is
 * found through the TXT record, fetched over HTTPS from the policy host (by its name, verified against a test CA),
 * and the delivery is deferred without a byte reaching the MX.
 */
class MtaStsIT {

    @Test
    void anEnforcedPolicyThatDoesNotNameTheMxDefers(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("MTA-STS IT CA");
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             PolicyServer policyHost = new PolicyServer(
                     TestCertificates.issuedBy(ca, "mta-sts.example.com").serverContext());
             Sink mx = Sink.withStartTls(TestCertificates.issuedBy(ca, "mx.example.com").serverContext());
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.com. 300 IN MX 10 mx.example.com.").add("mx.example.com. 300 IN A 127.0.0.1")
                    .add("mta-sts.example.com. 300 IN A 127.0.0.1")
                    .add("_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=20260101T000000;\"");
            policyHost.serve("version: STSv1\r\nmode: enforce\r\nmx: *.mail.example.net\r\nmax_age: 604800\r\n");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.com smtp:example.com:" + mx.port() + "\n")
                    .write("test-ca.pem", "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                    .encodeToString(ca.certificate().getEncoded())
                            + "\n-----END CERTIFICATE-----\n")
                    .set("caravan.egress.mta-sts.trust-store", "test-ca.pem")
                    .set("caravan.egress.mta-sts.port", policyHost.port());
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("dora@example.com"), Mail.text("app@example.org", "dora@example.com", "kept back")));

            String line = gateway.awaitLine(Duration.ofSeconds(30), "queue_id=" + queueId + " to=<dora@example.com> ",
                    " status=deferred (");
            assertTrue(line.contains(" dsn=4.7.5 ") && line.contains("MTA-STS policy of example.com"), line);
            assertEquals(List.of("mta-sts.example.com:" + policyHost.port()), policyHost.requests(),
                    "fetched once, by the policy host's name");
            assertEquals(List.of(), mx.messages(), "nothing reached the MX the policy does not name");
        }
    }
}
