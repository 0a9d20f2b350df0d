package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.feedback.Suppressions;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail that already waits on its lane when its recipient is suppressed gets no further attempt to it: the next
 * attempt bounces that recipient at once (a DSN to the sender with routing's wording) without a RCPT for it, and
 * the delivery's other recipient goes on and is delivered. A delivery whose only recipient is suppressed makes no
 * connection at all.
 */
class SuppressedWhileQueuedBouncesTest {

    @TempDir
    Path dir;

    @Test
    void aRecipientSuppressedWhileItsMailWaitsBouncesOnTheNextAttempt() throws Exception {
        // gone@ is deferred by the receiver every time: only the suppression can end its wait before the maximum age
        TestMx.Answer greylist = (rcpt, n, client) -> rcpt.startsWith("gone") || n < 2
                ? "451 4.7.1 Greylisted, try later" : null;
        try (TestMx mx = TestMx.answering(greylist); SenderMailbox sender = new SenderMailbox()) {
            TestNode node = new TestNode(dir).transport("example.net smtp:[127.0.0.1]:" + mx.port(),
                            "example.org smtp:[127.0.0.1]:" + sender.port())
                    .set("caravan.retry.initial", "3s").set("caravan.retry.cap", "3s").set("caravan.retry.jitter", 0);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                Scenario.accept(jms, "SUPQ1", Scenario.message("SUPQ1"), "grey@example.net", "gone@example.net");
                Scenario.accept(jms, "SUPQ2", Scenario.message("SUPQ2"), "gone@example.net");
                Scenario.await(() -> mx.tries("gone@example.net"), n -> n >= 2, Duration.ofSeconds(20));
                assertEquals(2, mx.tries("gone@example.net"), "both deliveries deferred once");
                assertEquals(List.of(), mx.messages);

                Object answer = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(Suppressions.NAME),
                        "suppress", new Object[] {"domain:example.org", "gone@example.net", "90d", "asked to"},
                        new String[] {String.class.getName(), String.class.getName(), String.class.getName(),
                            String.class.getName()});
                assertTrue(answer.toString().startsWith("gone@example.net suppressed"), answer.toString());

                SenderMailbox.Report dsn = sender.awaitReport(Duration.ofSeconds(20));
                String status = dsn.deliveryStatus();
                assertTrue(status.contains("Final-Recipient: rfc822; gone@example.net"), status);
                assertTrue(status.contains("Action: failed"), status);
                assertTrue(status.contains("Status: 5.7.1"), status);
                assertTrue(status.replaceAll("\r\n\\s+", " ")
                        .contains("550 5.7.1 recipient suppressed (manual: asked to)"), status);
                assertTrue(!status.contains("Remote-MTA"), "no receiver said it: " + status);
                assertTrue(!status.contains("grey@example.net"), status);
                List<TestMx.Received> dsns = Scenario.await(sender::received, l -> l.size() >= 2, Duration.ofSeconds(20));
                assertEquals(2, dsns.size(), "one DSN per delivery");
                for (TestMx.Received d : dsns) {
                    String text = new String(d.data(), java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(text.contains("Final-Recipient: rfc822; gone@example.net"), text);
                    assertTrue(text.contains("Subject: SUPQ1") != text.contains("Subject: SUPQ2"), text);
                }

                List<TestMx.Received> got = Scenario.await(() -> mx.messages, l -> !l.isEmpty(), Duration.ofSeconds(20));
                assertEquals(List.of(List.of("grey@example.net")), got.stream().map(TestMx.Received::recipients).toList());
                assertEquals(2, mx.tries("grey@example.net"));
                assertEquals(2, mx.tries("gone@example.net"), "no RCPT for the suppressed recipient after its suppression");
                assertEquals(List.of(), Scenario.await(() -> jms.browseLaneIds(), List::isEmpty, Duration.ofSeconds(5)));
                assertEquals(List.of(), Scenario.await(() -> jms.browse(StageQueue.BOUNCE.queueName()),
                        List::isEmpty, Duration.ofSeconds(5)));
            }
        }
    }
}
