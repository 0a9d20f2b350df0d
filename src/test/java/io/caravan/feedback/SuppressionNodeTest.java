package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator suppresses a recipient through JMX (what the console and {@code caravan queue suppress} call);
 * relayed mail to it from that sender domain is refused at RCPT, other senders' is not; the suppression is
 * in the broker's journal and holds after a restart; lifting it holds after a restart too.
 */
class SuppressionNodeTest {

    @TempDir
    Path dir;

    private static final String[] SIGNATURE = {String.class.getName(), String.class.getName(),
        String.class.getName(), String.class.getName()};

    @Test
    void aSuppressedRecipientIsRefusedAtRcptAcrossARestartUntilLifted() throws Exception {
        TestNode t = new TestNode(dir);
        Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(Suppressions.NAME);
        try (Gateway node = t.start()) {
            Object answer = jmx.invoke(name, "suppress",
                    new Object[] {"domain:shop.example", "bob@remote.test", "90d", "asked to"}, SIGNATURE);
            assertTrue(answer.toString().startsWith("bob@remote.test suppressed for domain:shop.example until "),
                    answer.toString());
            assertEquals("550 5.7.1", rcpt(node, "news@shop.example", "bob@remote.test"));
            assertEquals("250 2.1.5", rcpt(node, "news@shop.example", "carol@remote.test"));
            assertEquals("250 2.1.5", rcpt(node, "news@other.example", "bob@remote.test"));
        }
        try (Gateway node = t.start()) {
            awaitCount(jmx, name, 1);
            assertEquals("550 5.7.1", rcpt(node, "news@shop.example", "bob@remote.test"));
            String line = ((String[]) jmx.getAttribute(name, "Entries"))[0];
            assertTrue(line.startsWith("domain:shop.example\tbob@remote.test\tmanual\t") && line.endsWith("\tasked to"),
                    line);
            jmx.invoke(name, "unsuppress", new Object[] {"domain:shop.example", "bob@remote.test"},
                    new String[] {String.class.getName(), String.class.getName()});
            assertEquals("250 2.1.5", rcpt(node, "news@shop.example", "bob@remote.test"));
        }
        try (Gateway node = t.start()) {
            Thread.sleep(1500); // what the journal holds is read at start; nothing may bring the entry back
            assertEquals(0, jmx.getAttribute(name, "Count"));
            assertEquals("250 2.1.5", rcpt(node, "news@shop.example", "bob@remote.test"));
        }
    }

    private static void awaitCount(MBeanServer jmx, ObjectName name, int count) throws Exception {
        for (int i = 0; i < 100 && !Integer.valueOf(count).equals(jmx.getAttribute(name, "Count")); i++) {
            Thread.sleep(100);
        }
        assertEquals(count, jmx.getAttribute(name, "Count"));
    }

    /** The first two words of the reply to RCPT of a relayed message from a trusted network. */
    static String rcpt(Gateway node, String from, String to) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                new InetSocketAddress("127.0.0.1", node.smtpPort("mx")))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<" + from + ">", 250);
            smtp.send("RCPT TO:<" + to + ">");
            String reply = smtp.reply();
            String[] words = reply.split(" ");
            return words[0] + " " + words[1];
        }
    }
}
