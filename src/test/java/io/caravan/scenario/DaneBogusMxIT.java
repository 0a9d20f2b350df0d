package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.SignedZone;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The packaged jar with a dane destination whose MX RRset is forged (signed by a key outside the
 * chain of the configured trust anchor) and points at a receiver without STARTTLS: the mail is
 * deferred with 4.7.5, logged dnssec=bogus, and the receiver never sees a MAIL command (RFC 7672
 * §2.1.1). Mail for a correctly signed sibling domain through the same jar still arrives, so the
 * anchors were read.
 */
class DaneBogusMxIT {

    @Test
    void aForgedMxAnswerDefersAndNothingIsSentInTheClear(@TempDir Path dir) throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink forged = Sink.accepting();
             Sink honest = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir)) {
            SignedZone zone = new SignedZone("example.com.")
                    .add("example.com. 300 IN MX 10 mx.example.com.")
                    .add("mx.example.com. 300 IN A 127.0.0.1")
                    .add("forged.example.com. 300 IN MX 10 mx.attacker.example.com.")
                    .add("mx.attacker.example.com. 300 IN A 127.0.0.1")
                    .forge("forged.example.com.", Type.MX)
                    .publishTo(dns);
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("dane-anchors", zone.trustAnchor())
                    .write("tls_policy", "example.com dane\nforged.example.com dane\n")
                    .write("transport", "example.com smtp:example.com:" + honest.port() + "\n"
                            + "forged.example.com smtp:forged.example.com:" + forged.port() + "\n")
                    .set("caravan.egress.dane.trust-anchors", "dane-anchors");
            gateway.start();

            String bogus = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("dora@forged.example.com"), Mail.text("app@example.org", "dora@forged.example.com", "x")));
            String deferral = gateway.awaitLine(Duration.ofSeconds(20),
                    "queue_id=" + bogus + " to=<dora@forged.example.com> ", " status=deferred (");
            assertTrue(deferral.contains(" dsn=4.7.5 "), deferral);
            assertTrue(deferral.contains(" dnssec=bogus "), deferral);

            String fine = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("eve@example.com"), Mail.text("app@example.org", "eve@example.com", "y")));
            gateway.awaitLine(Duration.ofSeconds(20), "queue_id=" + fine + " to=<eve@example.com> ", " status=sent (");
            assertEquals(1, honest.messages().size());
            assertEquals(List.of(), forged.senders(), "the forged MX's host saw no MAIL");
        }
    }
}
