package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.caravan.app.Gateway;
import io.caravan.testing.LogCapture;
import io.caravan.testing.Sink;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a bounce domain, every message leaves with a VERP return path of it, and an asynchronous bounce sent to
 * that return path is matched to its queue id and source: one that returns nothing of the message, and one
 * about a copy the receiver forwarded elsewhere (addressed to the forwarder's rewritten return path, returning
 * the forwarded headers with the sealed X-Caravan-Ref, which gives the sender scope). Read from a GreenMail IMAP
 * mailbox by the node; the mail reaches a real SMTP sink. The first bounce counts in its source's hard bounce
 * rate.
 */
class VerpBounceTest {

    @TempDir
    Path dir;

    @Test
    void bouncesToTheReturnPathAreMatchedToTheirMessageAndSource() throws Exception {
        GreenMail imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        try (Sink sink = Sink.accepting(); LogCapture log = new LogCapture(FeedbackProcessor.LOGGER)) {
            GreenMailUser mailbox = imap.setUser("bounces@bounces.test", "bounces", "secret");
            TestNode t = new TestNode(dir).set("caravan.feedback.bounce-domain", "bounces.test")
                    .set("caravan.feedback.bounce-rate.threshold", 0.5).set("caravan.feedback.bounce-rate.min-bounces", 1);
            Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
            t.transport("yahoo.com smtp:[127.0.0.1]:" + sink.port(), "forward.test smtp:[127.0.0.1]:" + sink.port());
            Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n  - name: bounces\n    url: imap://127.0.0.1:"
                    + imap.getImap().getPort() + "\n    user: bounces\n    password: secret\n    poll: 500ms\n");
            try (Gateway node = t.start()) {
                String gone = Samples.send(node, "gone@yahoo.com");
                String forwarded = Samples.send(node, "fwd@forward.test");
                sink.await(l -> l.size() == 2, Duration.ofSeconds(30));
                Sink.Received toGone = sink.to("gone@yahoo.com").get(0);
                Sink.Received toForward = sink.to("fwd@forward.test").get(0);
                for (Sink.Received r : new Sink.Received[] {toGone, toForward}) {
                    assertTrue(r.from().matches("bounces\\+[a-z2-7]{55}@bounces\\.test"), r.from());
                    assertTrue(!r.from().toLowerCase().contains("shop"), r.from());
                }

                // a bounce that returns nothing of the message: only its return path matches it
                mailbox.deliver(Samples.message(Samples.dsn("mx.other.test", toGone.from(), "gone@yahoo.com", null)));
                // the forwarded copy bounced at the next receiver: the forwarder's SRS address carries the return path
                String local = toForward.from().substring(0, toForward.from().indexOf('@'));
                String headers = Samples.of(toForward.data(), "x", "x").get("HEADERS");
                mailbox.deliver(Samples.message(Samples.dsn("mx.other.test", "SRS0=x8Tq=TT=bounces.test=" + local + "@forward.test",
                        "elsewhere@other.test", headers)));

                for (int i = 0; i < 300 && log.messages().size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertEquals(2, log.messages().size(), log.messages().toString());
                String first = log.messages().stream().filter(l -> l.contains("gone@yahoo.com")).findFirst().orElseThrow();
                assertTrue(first.contains("kind=bounce queue_id=" + gone + " class=- pool=- source="
                        + source(toGone) + " "), first);
                assertTrue(first.endsWith("suppressed=0 (no sender scope: nothing suppressed)"), first);
                String second = log.messages().stream().filter(l -> l.contains("elsewhere@other.test")).findFirst()
                        .orElseThrow();
                assertTrue(second.contains("kind=bounce queue_id=" + forwarded + " "), second);
                assertTrue(second.contains(" source=" + source(toForward) + " "), second);
                assertTrue(second.endsWith("suppressed=1 scope=domain:shop.example"), second);
                assertEquals(1, ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName(Suppressions.NAME), "Count"));
                // the bounce counts against the source the return path names, for the provider egress sent to (yahoo,
                // known by its recipient domain yahoo.com; the transport map sends it to the sink): one of one sent,
                // so over the threshold. The forwarded copy's bounce names another recipient, but its returned
                // reference names the provider the message went to (forward.test by the transport map's
                // [127.0.0.1], which no provider claims: called by that host), so it counts there, one of one too
                assertTrue(first.contains(" provider=yahoo "), first);
                assertTrue(second.contains(" provider=127.0.0.1 "), second);
                assertEquals(0.5, node.reputation().rateFactor(source(toGone), "yahoo", java.time.Instant.now()),
                        0.01, "throttled by the bounce-rate rule");
                assertEquals(0.5, node.reputation().rateFactor(source(toForward), "127.0.0.1", java.time.Instant.now()),
                        0.01, "throttled for the destination the forwarded message was sent to");
                assertEquals(2, node.reputation().throttledCount(java.time.Instant.now()));
            }
        } finally {
            imap.stop();
        }
    }

    private static String source(Sink.Received r) {
        return Map.of("127.0.0.2", "local-tx-1", "127.0.0.3", "local-tx-2", "127.0.0.4", "local-bulk-1",
                "127.0.0.5", "local-bulk-2", "127.0.0.6", "local-exec-1", "127.0.0.7", "local-shared-1").get(r.client());
    }
}
