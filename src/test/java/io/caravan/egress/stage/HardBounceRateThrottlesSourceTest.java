package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver's 5xx at RCPT is a hard bounce the bounce-rate rule counts against the source that got it: with
 * one of three attempted recipients refused (or one of two) and the threshold at 30 %, the source is throttled
 * for the provider at once; a 4xx (deferred) is not counted.
 */
class HardBounceRateThrottlesSourceTest {

    @TempDir
    Path dir;

    @Test
    void aSourceWhoseRecipientsBounceIsThrottledForTheProvider() throws Exception {
        TestMx.Answer replies = (rcpt, n, client) -> rcpt.startsWith("nobody") ? "550 5.1.1 <" + rcpt + ">: no such user"
                : rcpt.startsWith("grey") ? "451 4.7.1 try later" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx mx = TestMx.answering(replies)) {
            TestNode node = new TestNode(dir).routeByName(dns, "example.net", mx.port())
                    .set("caravan.feedback.bounce-rate.threshold", 0.3)
                    .set("caravan.feedback.bounce-rate.min-bounces", 1)
                    .set("caravan.retry.initial", "1h");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "GREY1", Scenario.message("GREY1"), "ok1@example.net", "grey@example.net");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() == 1,
                        Duration.ofSeconds(20));
                String first = got.get(0).clientAddress();
                assertEquals(0, gateway.reputation().throttledCount(Instant.now()), "a deferral is no hard bounce");

                Scenario.accept(jms, "HARD1", Scenario.message("HARD1"), "ok2@example.net", "nobody@example.net");
                Scenario.await(() -> mx.messages, l -> l.size() == 2, Duration.ofSeconds(20));
                int throttled = Scenario.await(() -> gateway.reputation().throttledCount(Instant.now()), n -> n > 0,
                        Duration.ofSeconds(5));
                assertEquals(1, throttled, "the source that got the 5xx, for the provider, and no other");
                String source = mx.messages.get(1).clientAddress().equals("127.0.0.2") ? "local-tx-1" : "local-tx-2";
                String other = source.equals("local-tx-1") ? "local-tx-2" : "local-tx-1";
                // example.net is no provider of providers.yaml: its MX host's registered domain stands for it
                assertEquals(0.5, gateway.reputation().rateFactor(source, "example.net", Instant.now()), 0.01,
                        "throttled to the factor (the first message left from " + first + ")");
                assertEquals(1.0, gateway.reputation().rateFactor(other, "example.net", Instant.now()), 1e-9);
            }
        }
    }
}
