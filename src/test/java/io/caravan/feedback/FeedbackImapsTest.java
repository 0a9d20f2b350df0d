package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.caravan.app.Gateway;
import io.caravan.config.ConfigException;
import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.LogCapture;
import io.caravan.testing.TestNode;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IMAPS and a POP3S mailbox (GreenMail on loopback, TLS from the first byte) whose server presents a self-signed
 * certificate for 127.0.0.1: with that certificate as their {@code ca-file} both mailboxes are read and a complaint
 * in each suppresses its recipient; a second mailbox on the same server without a {@code ca-file} (the JVM's trust store)
 * does not trust the server and reads nothing, its report left in place. A {@code ca-file} on a cleartext mailbox
 * is refused when feedback.yaml is read.
 */
class FeedbackImapsTest {

    @TempDir
    Path dir;

    @Test
    void imapsAndPop3sMailboxesAreReadWhenTheirCaFileTrustsTheServer() throws Exception {
        TestCertificates.Issued server = TestCertificates.selfSignedAddress("127.0.0.1");
        Path keystore = dir.resolve("imaps.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("imaps", server.keys().getPrivate(), "changeit".toCharArray(),
                server.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, "changeit".toCharArray());
        }
        // GreenMail reads its TLS key once per JVM, when its first TLS server starts: no other test starts one
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        GreenMail imaps = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3S).dynamicPort()});
        imaps.start();
        try (LogCapture log = new LogCapture(FeedbackProcessor.LOGGER)) {
            GreenMailUser fbl = imaps.setUser("fbl@feedback.test", "fbl", "fbl-secret");
            GreenMailUser other = imaps.setUser("other@feedback.test", "other", "other-secret");
            GreenMailUser pop = imaps.setUser("pop@feedback.test", "pop", "pop-secret");
            int port = imaps.getImaps().getPort();
            int pop3sPort = imaps.getPop3s().getPort();
            TestNode t = new TestNode(dir.resolve("node"));
            Files.createDirectories(t.config().resolve("certs"));
            Files.writeString(t.config().resolve("certs/imap-ca.pem"), pem(server.certificate()));
            Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n"
                    + "  - name: fbl\n    url: imaps://127.0.0.1:" + port + "\n    user: fbl\n    password: fbl-secret\n"
                    + "    ca-file: certs/imap-ca.pem\n    poll: 500ms\n"
                    + "  - name: untrusted\n    url: imaps://127.0.0.1:" + port + "\n    user: other\n"
                    + "    password: other-secret\n    poll: 500ms\n"
                    + "  - name: fbl-pop\n    url: pop3s://127.0.0.1:" + pop3sPort + "\n    user: pop\n"
                    + "    password: pop-secret\n    ca-file: certs/imap-ca.pem\n    poll: 500ms\n");
            // sealed with the key the node finds in its data directory, as it seals its own mail
            RefKeys keys = RefKeys.loadOrCreate(t.data().resolve("feedback-ref.key"));
            byte[] original = ("X-Caravan-Ref: " + new FeedbackRef("0Q1", "bulk", "bulk", "domain:shop.example")
                    .seal(keys) + "\r\n"
                    + "From: <news@shop.example>\r\nTo: <y@yahoo.test>\r\nSubject: x\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            fbl.deliver(Samples.message(Samples.render("yahoo-cfl.eml", Samples.of(original, "y@yahoo.test", "127.0.0.4"))));
            other.deliver(Samples.message(Samples.render("yahoo-cfl.eml", Samples.of(original, "z@yahoo.test", "127.0.0.4"))));
            pop.deliver(Samples.message(Samples.render("yahoo-cfl.eml", Samples.of(original, "p@yahoo.test", "127.0.0.4"))));
            try (Gateway node = t.start()) {
                for (int i = 0; i < 200 && log.messages().size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertEquals(2, log.messages().size(), log.messages().toString());
                String overImaps = log.messages().stream().filter(l -> l.startsWith("mailbox=fbl ")).findFirst()
                        .orElseThrow();
                assertTrue(overImaps.startsWith("mailbox=fbl kind=complaint "), overImaps);
                assertTrue(overImaps.contains(" queue_id=0Q1 class=bulk pool=bulk "), overImaps);
                assertTrue(overImaps.contains(" rcpt=[y@yahoo.test] "), overImaps);
                String overPop3s = log.messages().stream().filter(l -> l.startsWith("mailbox=fbl-pop ")).findFirst()
                        .orElseThrow();
                assertTrue(overPop3s.startsWith("mailbox=fbl-pop kind=complaint "), overPop3s);
                assertTrue(overPop3s.contains(" queue_id=0Q1 class=bulk pool=bulk "), overPop3s);
                assertTrue(overPop3s.contains(" rcpt=[p@yahoo.test] "), overPop3s);
                ObjectName suppressions = new ObjectName(Suppressions.NAME);
                assertEquals(2, ManagementFactory.getPlatformMBeanServer().getAttribute(suppressions, "Count"));
                Thread.sleep(1500); // three polls of the untrusted mailbox
                assertEquals(2, log.messages().size(), "the untrusted server's report is not read: " + log.messages());
                assertEquals(1, imaps.getManagers().getImapHostManager().getInbox(other).getMessageCount());
                for (int i = 0; i < 100 && imaps.getManagers().getImapHostManager().getInbox(fbl).getMessageCount() > 0;
                        i++) {
                    Thread.sleep(100);
                }
                assertEquals(0, imaps.getManagers().getImapHostManager().getInbox(fbl).getMessageCount(),
                        "the read report is deleted");
                for (int i = 0; i < 100 && imaps.getManagers().getImapHostManager().getInbox(pop).getMessageCount() > 0;
                        i++) {
                    Thread.sleep(100);
                }
                assertEquals(0, imaps.getManagers().getImapHostManager().getInbox(pop).getMessageCount(),
                        "the report read over POP3S is deleted");
            }
        } finally {
            imaps.stop();
            System.clearProperty("greenmail.tls.keystore.file");
            System.clearProperty("greenmail.tls.keystore.password");
        }
    }

    @Test
    void aCaFileOnACleartextMailboxIsRefused() throws Exception {
        TestNode t = new TestNode(dir);
        Files.writeString(t.config().resolve("feedback.yaml"), "mailboxes:\n"
                + "  - name: fbl\n    url: imap://127.0.0.1:1143\n    user: fbl\n    password: x\n"
                + "    ca-file: certs/imap-ca.pem\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> FeedbackConfig.load(t.config().resolve("feedback.yaml"), t.config()));
        assertTrue(e.getMessage().contains("ca-file is for imaps:// and pop3s:// only"), e.getMessage());
    }

    private static String pem(java.security.cert.X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
