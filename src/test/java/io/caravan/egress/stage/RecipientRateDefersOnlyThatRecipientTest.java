package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Gmail's "450 4.2.1 ... receiving mail at a rate" is about one recipient: only
 * that recipient waits and is retried, no source is suspended, and the other
 * recipient of the same message is delivered at once.
 */
class RecipientRateDefersOnlyThatRecipientTest {

    static final String RECIPIENT_RATE = "450 4.2.1 The user you are trying to contact is receiving mail at a rate "
            + "that prevents additional messages from being delivered. Please resend your message at a later point. "
            + "- gsmtp";

    @TempDir
    Path dir;

    @Test
    void onlyTheBusyRecipientWaits() throws Exception {
        TestMx.Answer answer = (rcpt, n, client) -> rcpt.startsWith("busy@") && n == 1 ? RECIPIENT_RATE : null;
        try (TestMx mx = TestMx.answering(answer); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns).transport("gmail.test smtp:gmail.test:" + mx.port())
                    .set("caravan.retry.initial", "1s").set("caravan.retry.cap", "1s").set("caravan.retry.jitter", 0);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "R1", Scenario.message("R1"), "busy@gmail.test", "calm@gmail.test");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() == 2,
                        Duration.ofSeconds(30));
                assertEquals(List.of("calm@gmail.test"), got.get(0).recipients(), "delivered at once");
                assertEquals(List.of("busy@gmail.test"), got.get(1).recipients(), "delivered on the retry");
                assertEquals(2, mx.tries("busy@gmail.test"));
                assertEquals(1, mx.tries("calm@gmail.test"), "the other recipient is not sent twice");
                assertTrue(gateway.reputation().activeSuspensions(Instant.now()).isEmpty(), "no source suspended");
            }
        }
    }
}
