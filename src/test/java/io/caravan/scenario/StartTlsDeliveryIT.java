package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the shipped TLS level (config/tls_policy: may for every domain) the packaged jar takes the STARTTLS a
 * next hop offers, even with a self-signed certificate, and the message crosses encrypted; the delivery log
 * says which protocol and that nothing was verified.
 */
class StartTlsDeliveryIT {

    @Test
    void mailToAServerOfferingStartTlsGoesOverTls(@TempDir Path dir) throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Sink tls = Sink.withStartTls(TestCertificates.selfSigned("mx.example.com").serverContext());
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.com. 300 IN MX 10 mx.example.com.").add("mx.example.com. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.com smtp:example.com:" + tls.port() + "\n");
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("dora@example.com"), Mail.text("app@example.org", "dora@example.com", "sealed")));

            Sink.Received got = tls.await(l -> !l.isEmpty(), Duration.ofSeconds(20)).get(0);
            assertEquals(List.of("dora@example.com"), got.recipients());
            assertNotNull(got.tls(), "the session was not encrypted");
            assertTrue(got.tls().startsWith("TLSv1."), got.tls());
            String line = gateway.awaitLine(Duration.ofSeconds(10), "queue_id=" + queueId + " to=<dora@example.com> ",
                    " status=sent (");
            assertTrue(line.contains("tls=" + got.tls() + "/"), line);
            assertTrue(line.contains("/none "), line);
        }
    }
}
