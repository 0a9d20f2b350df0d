package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region's event stream is configured (Kafka) but unreachable when a provider complains about one of
 * our IPs in the middle of a transaction: the recipient it accepted is delivered once, the one it refused
 * goes at once through the other source, and the stage neither waits for the stream nor repeats the
 * transaction because the suspension could not be shared.
 */
class UnreachableStreamTest {

    static final String GMAIL_550 = "550 5.7.1 [127.0.0.2] Our system has detected that this message is likely "
            + "suspicious due to the very low reputation of the sending IP address. - gsmtp";

    @TempDir
    Path dir;

    @Test
    void aSuspensionTheStreamCannotTakeNeitherHoldsUpNorRepeatsTheDelivery() throws Exception {
        TestMx.Answer gmail = (rcpt, n, client) ->
                client.equals("127.0.0.2") && rcpt.startsWith("second@") ? GMAIL_550 : null;
        int closedPort = ChildJvm.freePort(); // free: nothing listens there
        try (TestMx mx = TestMx.answering(gmail); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("gmail.test smtp:gmail.test:" + mx.port())
                    .set("caravan.kafka.bootstrap", "127.0.0.1:" + closedPort)
                    // a send gives up on the missing broker after 2 s instead of 60, so the node stops sooner
                    .set("camel.component.kafka.max-block-ms", 2000)
                    .set("caravan.egress.consumers", 1)
                    .edit("egress.yaml", "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1",
                            "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1000");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "U1", Scenario.message("U1"), "first@gmail.test", "second@gmail.test");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() >= 2,
                        Duration.ofSeconds(20));
                Thread.sleep(3_000); // a repeated transaction would show by now: redelivery waits 1 s
                assertEquals(List.of("127.0.0.2 [first@gmail.test]", "127.0.0.3 [second@gmail.test]"),
                        mx.messages.stream().map(r -> r.clientAddress() + " " + r.recipients()).toList(),
                        "each recipient once, the refused one through the other source, without waiting");
                assertEquals(2, got.size());
            }
        }
    }
}
