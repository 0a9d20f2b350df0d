package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.caravan.app.Gateway;
import io.caravan.events.EventRoutes;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.testing.Jms;
import io.caravan.testing.LogCapture;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.Sink;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient domain whose provider is known only by its MX host ({@code corp.test}, MX {@code aspmx.l.google.com},
 * a {@code gmail} suffix of providers.yaml; the domain itself is in no provider's list): its mail leaves counted
 * under {@code gmail}, and so are the reports about it. A complaint that returns the message finds the provider in
 * the sealed X-Caravan-Ref; a DSN that returns nothing (matched by its VERP return path only) finds it by the same
 * transport-table and MX lookup routing makes. Each report moves the rate of the (source, gmail) pair its message
 * was counted for: both rules throttle at the first report, so the pair is throttled (an event on the region's
 * reputation stream, rule {@code complaint-rate} or {@code bounce-rate}) and nothing is under {@code default}.
 */
class ReportProviderByMxTest {

    @TempDir
    Path dir;

    @Test
    void reportsAboutADomainHostedByAProviderCountUnderThatProvider() throws Exception {
        GreenMail imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink sink = Sink.accepting();
             LogCapture log = new LogCapture(FeedbackProcessor.LOGGER)) {
            GreenMailUser mailbox = imap.setUser("fbl@bounces.test", "fbl", "secret");
            TestNode t = new TestNode(dir).set("caravan.feedback.bounce-domain", "bounces.test")
                    .set("caravan.feedback.complaint-rate.threshold", 0.01)
                    .set("caravan.feedback.complaint-rate.min-complaints", 1)
                    .set("caravan.feedback.complaint-rate.action", "throttle")
                    .set("caravan.feedback.bounce-rate.threshold", 0.01)
                    .set("caravan.feedback.bounce-rate.min-bounces", 1);
            Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
            t.transport("# corp.test by name below").routeByName(dns, "corp.test", "aspmx.l.google.com", sink.port());
            Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n  - name: fbl\n    url: imap://127.0.0.1:"
                    + imap.getImap().getPort() + "\n    user: fbl\n    password: secret\n    poll: 500ms\n");
            try (Gateway node = t.start(); Jms jms = new Jms(node.connectionFactory())) {
                MessageConsumer stream = jms.subscribe(EventRoutes.topic("local"));
                String complained = Samples.send(node, "ann@corp.test");
                String bounced = Samples.send(node, "bob@corp.test");
                sink.await(l -> l.size() == 2, Duration.ofSeconds(30));
                Sink.Received toAnn = sink.to("ann@corp.test").get(0);
                Sink.Received toBob = sink.to("bob@corp.test").get(0);

                mailbox.deliver(Samples.message(Samples.render("yahoo-cfl.eml",
                        Samples.of(toAnn.data(), "ann@corp.test", toAnn.client()))));
                mailbox.deliver(Samples.message(Samples.dsn("aspmx.l.google.com", toBob.from(), "bob@corp.test", null)));
                for (int i = 0; i < 300 && log.messages().size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertEquals(2, log.messages().size(), log.messages().toString());
                String complaint = log.messages().stream().filter(l -> l.contains("ann@corp.test")).findFirst()
                        .orElseThrow();
                assertTrue(complaint.contains("kind=complaint type=abuse queue_id=" + complained + " "), complaint);
                assertTrue(complaint.contains(" source=" + source(toAnn) + " provider=gmail "), complaint);
                String bounce = log.messages().stream().filter(l -> l.contains("bob@corp.test")).findFirst()
                        .orElseThrow();
                assertTrue(bounce.contains("kind=bounce queue_id=" + bounced + " class=- pool=- "), bounce);
                assertTrue(bounce.contains(" source=" + source(toBob) + " provider=gmail "), bounce);

                // each crossing is a region event on the reputation stream, for the (source, gmail) pair
                List<String> published = new ArrayList<>();
                for (String json = Jms.next(stream, Duration.ofSeconds(10)); json != null
                        && published.size() < 2; json = Jms.next(stream, Duration.ofSeconds(10))) {
                    published.add(json);
                }
                String byComplaints = published.stream().filter(e -> e.contains("\"complaint-rate\"")).findFirst()
                        .orElseThrow(() -> new AssertionError("no complaint-rate event in " + published));
                assertTrue(byComplaints.contains("\"source\":\"" + source(toAnn) + "\""), byComplaints);
                assertTrue(byComplaints.contains("\"provider\":\"gmail\""), byComplaints);
                assertTrue(byComplaints.contains("throttled"), byComplaints);
                if (!source(toAnn).equals(source(toBob))) { // the same source, throttled already, publishes nothing more
                    String byBounces = published.stream().filter(e -> e.contains("\"bounce-rate\"")).findFirst()
                            .orElseThrow(() -> new AssertionError("no bounce-rate event in " + published));
                    assertTrue(byBounces.contains("\"source\":\"" + source(toBob) + "\""), byBounces);
                    assertTrue(byBounces.contains("\"provider\":\"gmail\""), byBounces);
                }

                Instant now = Instant.now();
                for (Sink.Received r : new Sink.Received[] {toAnn, toBob}) {
                    assertTrue(node.reputation().rateFactor(source(r), "gmail", now) < 1.0,
                            "the report moved the rate of (" + source(r) + ", gmail)");
                    assertEquals(1.0, node.reputation().rateFactor(source(r), ProviderRules.DEFAULT, now), 0.0);
                }
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
