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
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports about mail the node delivered arrive in a feedback mailbox on a real IMAP server (GreenMail on
 * loopback): a Yahoo CFL complaint, a Microsoft JMRP complaint with the recipient redacted, a generic ARF with
 * headers only, a Postfix bounce and an Exchange delay notice, after a broken report. Each is matched to the
 * queue id of the message it is about; the complained-about and hard-bounced recipients are suppressed, the
 * delayed one is not; the next message to a suppressed recipient is refused at RCPT; the broken report is in
 * the quarantine folder, the others are gone from the inbox.
 */
class FeedbackMailboxTest {

    @TempDir
    Path dir;

    private static final String[] RCPTS = {"y@yahoo.test", "m@outlook.test", "g@generic.test", "gone@remote.test",
        "slow@outlook.test"};
    private static final String[] SAMPLES = {"yahoo-cfl.eml", "microsoft-jmrp.eml", "generic-arf-headers.eml",
        "postfix-dsn.eml", "exchange-delay-dsn.eml"};

    @Test
    void reportsAreMatchedSuppressTheirRecipientsAndABrokenOneIsQuarantined() throws Exception {
        GreenMail imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        try (Sink sink = Sink.accepting(); LogCapture log = new LogCapture(FeedbackProcessor.LOGGER)) {
            GreenMailUser fbl = imap.setUser("fbl@feedback.test", "fbl", "fbl-secret");
            int port = imap.getImap().getPort();
            TestNode t = new TestNode(dir); // the reference is stamped by default
            Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
            t.transport("yahoo.test smtp:[127.0.0.1]:" + sink.port(), "outlook.test smtp:[127.0.0.1]:" + sink.port(),
                    "generic.test smtp:[127.0.0.1]:" + sink.port(), "remote.test smtp:[127.0.0.1]:" + sink.port());
            Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n"
                    + "  - name: fbl\n    url: imap://127.0.0.1:" + port + "\n    user: fbl\n    password: fbl-secret\n"
                    + "    poll: 500ms\n");
            try (Gateway node = t.start()) {
                List<String> queueIds = new ArrayList<>();
                for (String rcpt : RCPTS) {
                    queueIds.add(Samples.send(node, rcpt));
                }
                sink.await(l -> l.size() == RCPTS.length, Duration.ofSeconds(30));

                fbl.deliver(Samples.message(Samples.render("malformed.eml", java.util.Map.of())));
                for (int i = 0; i < RCPTS.length; i++) {
                    Sink.Received got = sink.to(RCPTS[i]).get(0);
                    String text = new String(got.data(), StandardCharsets.UTF_8);
                    assertTrue(text.startsWith("X-Caravan-Ref: ") && !text.substring(0, text.indexOf("\r\n"))
                            .contains(queueIds.get(i)), "stamped, its queue id not readable: " + text);
                    fbl.deliver(Samples.message(Samples.render(SAMPLES[i], Samples.of(got.data(), RCPTS[i], got.client()))));
                }

                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName(Suppressions.NAME);
                // one line per report, the broken one's included
                for (int i = 0; i < 300 && log.messages().size() < RCPTS.length + 1; i++) {
                    Thread.sleep(100);
                }
                assertEquals(RCPTS.length + 1, log.messages().size(), log.messages().toString());
                assertTrue(log.messages().stream().anyMatch(l -> l.contains("malformed report moved to folder Quarantine")));
                for (int i = 0; i < RCPTS.length; i++) {
                    String id = queueIds.get(i);
                    String rcpt = RCPTS[i];
                    assertTrue(log.messages().stream().anyMatch(l -> l.contains(" queue_id=" + id + " ")
                            && l.contains(rcpt)), "matched to " + id + ": " + log.messages());
                }
                assertEquals(4, jmx.getAttribute(name, "Count"), String.join("\n",
                        (String[]) jmx.getAttribute(name, "Entries")));

                assertEquals("550 5.7.1", SuppressionNodeTest.rcpt(node, "news@shop.example", "y@yahoo.test"));
                assertEquals("550 5.7.1", SuppressionNodeTest.rcpt(node, "news@shop.example", "m@outlook.test"));
                assertEquals("550 5.1.1", SuppressionNodeTest.rcpt(node, "news@shop.example", "gone@remote.test"));
                assertEquals("250 2.1.5", SuppressionNodeTest.rcpt(node, "news@shop.example", "slow@outlook.test"));
                assertEquals("250 2.1.5", SuppressionNodeTest.rcpt(node, "other@else.example", "y@yahoo.test"),
                        "suppressed for shop.example's mail only");

                assertEquals(0, count(port, "INBOX"), "processed reports are deleted");
                assertEquals(1, count(port, "Quarantine"), "the broken report is kept in quarantine");
            }
        } finally {
            imap.stop();
        }
    }

    private static int count(int port, String folder) throws Exception {
        for (int i = 0; i < 100; i++) {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", port, "fbl", "fbl-secret");
            try {
                Folder f = store.getFolder(folder);
                int n = f.exists() ? f.getMessageCount() : -1;
                if (folder.equals("INBOX") ? n == 0 : n == 1) {
                    return n;
                }
                if (i == 99) {
                    return n;
                }
            } finally {
                store.close();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("unreachable");
    }
}
