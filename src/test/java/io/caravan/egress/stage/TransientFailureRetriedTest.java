package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.StampedRef;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4xx for one recipient sends only that recipient back to the delivery queue, scheduled by the
 * retry schedule; the next attempt delivers it. The other recipient is delivered once, not twice.
 */
class TransientFailureRetriedTest {

    @TempDir
    Path dir;

    @Test
    void greylistedRecipientIsDeliveredOnRetry() throws Exception {
        TestMx.Answer greylist = (rcpt, n, client) -> rcpt.startsWith("grey") && n < 3 ? "451 4.7.1 Greylisted, try later" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.answering(greylist)) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .set("caravan.retry.initial", "1s").set("caravan.retry.cap", "1s").set("caravan.retry.jitter", 0);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                byte[] sent = Scenario.message("GREY1");
                Scenario.accept(jms, "GREY1", sent, "ok@example.net", "grey@example.net");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() >= 2, Duration.ofSeconds(20));
                assertEquals(List.of(List.of("ok@example.net"), List.of("grey@example.net")),
                        got.stream().map(TestMx.Received::recipients).toList());
                assertEquals(3, mx.tries("grey@example.net"));
                assertEquals(1, mx.tries("ok@example.net"));
                assertArrayEquals(sent, StampedRef.strip(got.get(1).data()), "routing's reference in front, the rest as sent");
                assertEquals(List.of(), Scenario.await(() -> jms.browseLaneIds(),
                        List::isEmpty, Duration.ofSeconds(5)));
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()));
            }
        }
    }
}
