package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with two domains on one MX host, one at tls_policy {@code may} and one at {@code verify},
 * and a receiver that offers no STARTTLS: one message to both recipients, once in each recipient order. The
 * {@code may} recipient is delivered in cleartext, the {@code verify} recipient is deferred and never reaches
 * the receiver.
 */
class MixedTlsLevelsIT {

    private static final String MAY = "rcpt@may.example";
    private static final String VERIFY = "rcpt@verify.example";

    @Test
    void theVerifyRecipientIsDeferredWhicheverComesFirst(@TempDir Path dir) throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Sink mx = Sink.accepting();
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("may.example. 300 IN MX 10 mx.shared.example.")
                    .add("verify.example. 300 IN MX 10 mx.shared.example.")
                    .add("mx.shared.example. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "may.example smtp:may.example:" + mx.port() + "\n"
                            + "verify.example smtp:verify.example:" + mx.port() + "\n")
                    .write("tls_policy", "may.example may\nverify.example verify\n");
            gateway.start();

            for (List<String> order : List.of(List.of(MAY, VERIFY), List.of(VERIFY, MAY))) {
                String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org", order,
                        Mail.text("app@example.org", order.get(0), "order " + order)));
                String verify = gateway.awaitLine(Duration.ofSeconds(30), "queue_id=" + queueId + " to=<" + VERIFY + "> ",
                        "status=deferred");
                assertTrue(verify.contains("dsn=4.7.4"), verify);
                gateway.awaitLine(Duration.ofSeconds(30), "queue_id=" + queueId + " to=<" + MAY + "> ", "status=sent");
            }

            List<Sink.Received> received = mx.await(l -> l.size() >= 2, Duration.ofSeconds(10));
            assertEquals(2, received.size(), "one message per order, for the may recipient only");
            for (Sink.Received r : received) {
                assertEquals(List.of(MAY), r.recipients());
                assertNull(r.tls(), "cleartext: the receiver offers no STARTTLS");
            }
            assertEquals(List.of(), mx.to(VERIFY), "the verify recipient never reached the receiver");
        }
    }
}
