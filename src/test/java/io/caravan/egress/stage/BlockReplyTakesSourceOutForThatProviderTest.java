package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
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
 * Yahoo's block reply ([TSS09], a 553) to one source: the source is taken out
 * for Yahoo only, the mail is re-routed through another source instead of
 * bounced, and the same source still carries Gmail's mail.
 */
class BlockReplyTakesSourceOutForThatProviderTest {

    static final String TSS09 = "553 5.7.2 [TSS09] All messages from 127.0.0.2 will be permanently deferred; "
            + "Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes";

    @TempDir
    Path dir;

    @Test
    void blockedForYahooStillUsedForGmail() throws Exception {
        TestMx.Answer answer = (rcpt, n, client) ->
                client.equals("127.0.0.2") && rcpt.endsWith("@yahoo.test") ? TSS09 : null;
        try (TestMx mx = TestMx.answering(answer); LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            dns.add("yahoo.test. 300 IN MX 1 mta5.am0.yahoodns.net.")
                    .add("mta5.am0.yahoodns.net. 300 IN A 127.0.0.1")
                    .add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                    .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            TestNode node = new TestNode(dir).dns(dns)
                    .transport("yahoo.test smtp:yahoo.test:" + mx.port(), "gmail.test smtp:gmail.test:" + mx.port())
                    .set("caravan.egress.consumers", 1)
                    // the blocked source is first in line, so it is the one that meets the block
                    .edit("egress.yaml", "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1",
                            "bind: 127.0.0.2, ehlo: tx1.caravan.localhost, weight: 1000");
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "Y1", Scenario.message("Y1"), "someone@yahoo.test");
                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> l.size() == 1,
                        Duration.ofSeconds(30));
                assertEquals("127.0.0.3", got.get(0).clientAddress(), "re-routed, not bounced");
                assertTrue(gateway.reputation().isBlocked("local-tx-1", "yahoo", Instant.now()));
                assertFalse(gateway.reputation().isSuspended("local-tx-1", "gmail", Instant.now()));

                Scenario.accept(jms, "G1", Scenario.message("G1"), "someone@gmail.test");
                got = Scenario.await(() -> mx.messages, l -> l.size() == 2, Duration.ofSeconds(30));
                assertEquals("127.0.0.2", got.get(1).clientAddress(), "the source still serves other providers");
                assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()), "nothing bounced");
            }
        }
    }
}
