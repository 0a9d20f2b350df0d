package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar reads a feedback mailbox on an IMAP server on loopback (GreenMail): a Yahoo-style complaint
 * about a message it delivered is matched to that message's queue id, the recipient is suppressed and the
 * next relayed RCPT to it is refused; the queue tool lists the suppression, a viewer may not lift it, an
 * operator does, and the recipient is accepted again.
 */
class FeedbackIT {

    private static final String OPERATOR = "otto";
    private static final String OPERATOR_PASSWORD = "otto-pass";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera-pass";

    @TempDir
    Path dir;

    @Test
    void aComplaintSuppressesTheRecipientAndTheQueueToolLiftsIt() throws Exception {
        GreenMail imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink yahoo = Sink.accepting();
             PackagedGateway gateway = new PackagedGateway(dir)) {
            GreenMailUser fbl = imap.setUser("fbl@feedback.test", "fbl", "fbl-secret");
            dns.add("yahoo.test. 300 IN MX 10 mx.yahoo.test.").add("mx.yahoo.test. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "yahoo.test smtp:yahoo.test:" + yahoo.port() + "\n")
                    .write("feedback.yaml", "mailboxes:\n  - name: yahoo-cfl\n    url: imap://127.0.0.1:"
                            + imap.getImap().getPort() + "\n    user: fbl\n    password: fbl-secret\n    poll: 1s\n");
            assertEquals(0, gateway.command(OPERATOR_PASSWORD, "user", "add", "--console", OPERATOR, "--role",
                    "operator", "--password-stdin"));
            assertEquals(0, gateway.command(VIEWER_PASSWORD, "user", "add", "--console", VIEWER, "--role", "viewer",
                    "--password-stdin"));
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "news@shop.example",
                    List.of("y@yahoo.test"), Mail.text("news@shop.example", "y@yahoo.test", "offers")));
            Sink.Received delivered = yahoo.await(l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0);
            fbl.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    complaint(delivered.data(), "y@yahoo.test", delivered.client()))));

            gateway.awaitLine(Duration.ofSeconds(30), "kind=complaint", "queue_id=" + queueId, "y@yahoo.test",
                    "suppressed=1");
            assertEquals("550 5.7.1", rcpt(gateway, "news@shop.example", "y@yahoo.test"));

            assertEquals(0, gateway.queue(VIEWER, VIEWER_PASSWORD, "suppressions", "yahoo"));
            String listing = gateway.commandLog();
            assertTrue(listing.contains("domain:shop.example\ty@yahoo.test\tcomplaint\t"), listing);
            assertTrue(listing.contains("abuse report from Yahoo!-Mail-Feedback/2.0 (queue id " + queueId + ")"),
                    listing);

            assertEquals(2, gateway.queue(VIEWER, VIEWER_PASSWORD, "unsuppress", "domain:shop.example",
                    "y@yahoo.test"), () -> gateway.commandOutput());
            assertEquals(0, gateway.queue(OPERATOR, OPERATOR_PASSWORD, "unsuppress", "domain:shop.example",
                    "y@yahoo.test"), () -> gateway.commandOutput());
            assertEquals("250 2.1.5", rcpt(gateway, "news@shop.example", "y@yahoo.test"));
            assertEquals(0, gateway.queue(OPERATOR, OPERATOR_PASSWORD, "suppress", "*", "z@yahoo.test",
                    "--expires", "30d"), () -> gateway.commandOutput());
            assertEquals("550 5.7.1", rcpt(gateway, "anyone@else.example", "z@yahoo.test"));
        } finally {
            imap.stop();
        }
    }



    /** A Yahoo CFL complaint (the test sample) about {@code delivered}. */
    private static byte[] complaint(byte[] delivered, String rcpt, String sourceIp) throws Exception {
        String text;
        try (InputStream in = FeedbackIT.class.getResourceAsStream("/feedback/yahoo-cfl.eml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
        return text.replace("{{MESSAGE}}", new String(delivered, StandardCharsets.UTF_8)).replace("{{RCPT}}", rcpt)
                .replace("{{SOURCE_IP}}", sourceIp).getBytes(StandardCharsets.UTF_8);
    }

    private static String rcpt(PackagedGateway gateway, String from, String to) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                new InetSocketAddress("127.0.0.1", gateway.mxPort()))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<" + from + ">", 250);
            smtp.send("RCPT TO:<" + to + ">");
            String[] words = smtp.reply().split(" ");
            return words[0] + " " + words[1];
        }
    }
}
