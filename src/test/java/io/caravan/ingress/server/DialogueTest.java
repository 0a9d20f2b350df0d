package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import io.caravan.message.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every verb and its error paths, scripted against the real server on loopback. */
class DialogueTest {

    @TempDir
    Path dir;
    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void ehloAnnouncesTheExtensions() throws Exception {
        try (SmtpTestClient c = fx.connect()) {
            String ehlo = c.cmd("EHLO client.test", 250);
            for (String ext : new String[] {"PIPELINING", "SIZE 52428800", "8BITMIME", "SMTPUTF8",
                    "ENHANCEDSTATUSCODES", "DSN", "CHUNKING", "STARTTLS"}) {
                assertTrue(ehlo.contains("250-" + ext) || ehlo.contains("250 " + ext), ext + " in " + ehlo);
            }
            assertTrue(!ehlo.contains("AUTH"), "no AUTH before TLS: " + ehlo);
            c.cmd("HELO client.test", "250 mx.caravan.test");
            c.cmd("EHLO", "501 5.5.4");
            c.cmd("HELO", "501 5.5.4");
        }
    }

    @Test
    void aMessageIsStoredWithReceivedHeaderAndAcknowledgedWithItsQueueId() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<sender@remote.test>", "250 2.1.0");
            c.cmd("RCPT TO:<bob@example.com>", "250 2.1.5");
            c.cmd("DATA", 354);
            c.send("Subject: hi").send("").send("..dot").send(".");
            String ok = c.expect("250 2.0.0 Ok: queued as ");
            String id = ok.trim().substring(ok.trim().lastIndexOf(' ') + 1);
            c.cmd("QUIT", "221 2.0.0");
            assertTrue(c.closedByServer());

            TestSink.Stored m = fx.sink.stored.get(0);
            Envelope e = m.envelope();
            assertEquals(id, e.queueId());
            assertEquals("sender@remote.test", e.mailFrom());
            assertEquals("bob@example.com", e.recipients().get(0).address());
            assertEquals("127.0.0.1", e.clientAddress());
            assertEquals("client.test", e.clientHelo());
            String text = m.text();
            assertTrue(text.startsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.caravan.test (Caravan) with ESMTP\r\n\tid "
                    + id + "\r\n\tfor <bob@example.com>; "), text);
            assertTrue(text.endsWith("Subject: hi\r\n\r\n.dot\r\n"), text);
        }
    }

    @Test
    void simpleVerbs() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("NOOP", "250 2.0.0");
            c.cmd("noop", "250 2.0.0");
            c.cmd("VRFY bob", "252 2.5.0");
            c.cmd("VRFY", "501 5.5.4");
            c.cmd("HELP", "214 2.0.0");
            c.cmd("RSET", "250 2.0.0");
            c.cmd("RSET now", "501 5.5.4");
            c.cmd("EXPN list", "500 5.5.2");
            c.cmd("HELLO", "500 5.5.2");
            c.cmd("QUIT", "221 2.0.0");
        }
    }

    @Test
    void sequenceErrors() throws Exception {
        try (SmtpTestClient c = fx.connect()) {
            c.cmd("MAIL FROM:<a@remote.test>", "503 5.5.1");
            c.cmd("RCPT TO:<bob@example.com>", "503 5.5.1");
            c.cmd("DATA", "503 5.5.1");
            c.cmd("EHLO client.test", 250);
            c.cmd("RCPT TO:<bob@example.com>", "503 5.5.1");
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("MAIL FROM:<a@remote.test>", "503 5.5.1");
            c.cmd("DATA", "503 5.5.1");
            c.cmd("RSET", 250);
            c.cmd("RCPT TO:<bob@example.com>", "503 5.5.1");
        }
    }

    @Test
    void syntaxErrors() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:a@remote.test", "501 5.5.4");
            c.cmd("MAIL TO:<a@remote.test>", "501 5.5.4");
            c.cmd("MAIL FROM:<a@remote.test", "501 5.5.4");
            c.cmd("MAIL FROM:<not an address>", "501 5.1.3");
            c.cmd("MAIL FROM:<a@remote.test> FOO=bar", "555 5.5.4");
            c.cmd("MAIL FROM:<a@remote.test> BODY=BINARYMIME", "555 5.5.4");
            c.cmd("MAIL FROM:<a@remote.test> SIZE=abc", "501 5.5.4");
            c.cmd("MAIL FROM:<jöran@remote.test>", "553 5.6.7");
            c.cmd("MAIL FROM:<jöran@remote.test> SMTPUTF8", "250 2.1.0");
            c.cmd("RCPT TO:<søren@example.com>", "250 2.1.5");
            c.cmd("RCPT TO:<bob@example.com> NOTIFY=NEVER,SUCCESS", "501 5.5.4");
            c.cmd("RCPT TO:<bob@example.com> ORCPT=nosemicolon", "501 5.5.4");
            c.cmd("RCPT TO:<bob@example.com> XYZ", "555 5.5.4");
            c.cmd("RCPT TO:bob@example.com", "501 5.5.4");
            c.cmd("DATA now", "501 5.5.4");
            c.cmd("DATA", 354);
            c.send("x").send(".").expect(250);
        }
        var e = fx.sink.stored.get(0).envelope();
        assertTrue(e.smtputf8());
        assertEquals("jöran@remote.test", e.mailFrom());
        assertEquals("søren@example.com", e.recipients().get(0).address());
    }

    @Test
    void nullSenderAndPostmasterAreAccepted() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<>", 250);
            c.cmd("RCPT TO:<Postmaster>", 250);
            c.cmd("DATA", 354);
            c.send("x").send(".").expect(250);
        }
        assertTrue(fx.sink.stored.get(0).envelope().nullSender());
    }

    @Test
    void bareLineEndingsAndOverlongCommandLinesAreRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.raw("NOOP\n").expect("500 5.5.2");
            c.raw("NOOP\rNOOP\r\n").expect("500 5.5.2");
            c.cmd("NOOP " + "x".repeat(600), "500 5.5.6");
            c.cmd("NOOP", "250 2.0.0");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (SmtpTestClient c = fx.connect()) {
            c.raw("EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@example.com>\r\n"
                    + "RCPT TO:<y@elsewhere.test>\r\nRCPT TO:<z@example.com>\r\nDATA\r\n");
            c.expect(250);
            c.expect("250 2.1.0");
            c.expect("250 2.1.5");
            c.expect("554 5.7.1");
            c.expect("250 2.1.5");
            c.expect(354);
            c.raw("Subject: p\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n");
            c.expect("250 2.0.0 Ok: queued as");
            c.expect("250 2.0.0");
            c.expect("221");
        }
        assertEquals(2, fx.sink.stored.get(0).envelope().recipients().size());
    }

    @Test
    void smuggledEndOfDataIsContentAndTheMessageIsRefused() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("DATA", 354);
            c.raw("Subject: s\r\n\r\nhello\n.\nMAIL FROM:<admin@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n"
                    + "evil\r\n.\r\n");
            c.expect("550 5.6.11");
            c.cmd("NOOP", "250 2.0.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void overlongTextLineIsRefusedAfterTheData() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("DATA", 354);
            c.send("x".repeat(2000)).send(".");
            c.expect("550 5.6.0");
            c.cmd("MAIL FROM:<a@remote.test>", 250);
        }
        assertEquals(0, fx.sink.stored.size());
    }
}
