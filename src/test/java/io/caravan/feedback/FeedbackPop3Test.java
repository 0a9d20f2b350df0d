package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.caravan.app.Gateway;
import io.caravan.testing.LogCapture;
import io.caravan.testing.TestNode;
import jakarta.mail.Session;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POP3 mailbox (GreenMail on loopback): a bounce is read and its recipient suppressed, a broken report is
 * kept under data/feedback-quarantine/NAME/ (POP3 has no folders), and both leave the mailbox.
 */
class FeedbackPop3Test {

    @TempDir
    Path dir;

    @Test
    void aPop3MailboxIsReadAndABrokenReportIsKeptInTheDataDirectory() throws Exception {
        GreenMail pop3 = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        pop3.start();
        try (LogCapture log = new LogCapture(FeedbackProcessor.LOGGER)) {
            GreenMailUser fbl = pop3.setUser("bounces@feedback.test", "bounces", "secret");
            TestNode t = new TestNode(dir);
            Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n  - name: bounces\n    url: pop3://127.0.0.1:"
                    + pop3.getPop3().getPort() + "\n    user: bounces\n    password: secret\n    poll: 500ms\n");
            // sealed with the key the node finds in its data directory, as it seals its own mail
            RefKeys keys = RefKeys.loadOrCreate(t.data().resolve("feedback-ref.key"));
            byte[] original = ("X-Caravan-Ref: " + new FeedbackRef("0Q1", "bulk", "bulk", "domain:shop.example")
                    .seal(keys) + "\r\n"
                    + "From: <news@shop.example>\r\nTo: <gone@remote.test>\r\nSubject: x\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            fbl.deliver(Samples.message(Samples.render("malformed.eml", Map.of())));
            fbl.deliver(Samples.message(Samples.render("postfix-dsn.eml", Samples.of(original, "gone@remote.test", "127.0.0.4"))));
            try (Gateway node = t.start()) {
                for (int i = 0; i < 200 && log.messages().size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertEquals(2, log.messages().size(), log.messages().toString());
                assertTrue(log.messages().stream().anyMatch(m -> m.contains(" queue_id=0Q1 class=bulk pool=bulk ")),
                        log.messages().toString());
                assertEquals(1, ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName(Suppressions.NAME), "Count"));
                Path quarantine = t.data().resolve("feedback-quarantine/bounces");
                List<Path> kept;
                try (Stream<Path> files = Files.list(quarantine)) {
                    kept = files.toList();
                }
                assertEquals(1, kept.size());
                assertTrue(Files.readString(kept.get(0)).contains("the machine-readable part is missing"));
                for (int i = 0; i < 100 && pop3.getReceivedMessages().length > 0
                        && fbl.getEmail() != null && count(pop3) > 0; i++) {
                    Thread.sleep(100);
                }
                assertEquals(0, count(pop3), "both left the mailbox");
            }
        } finally {
            pop3.stop();
        }
    }

    private static int count(GreenMail server) throws Exception {
        jakarta.mail.Store store = Session.getInstance(new Properties()).getStore("pop3");
        store.connect("127.0.0.1", server.getPop3().getPort(), "bounces", "secret");
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int n = inbox.getMessageCount();
            inbox.close(false);
            return n;
        } finally {
            store.close();
        }
    }
}
