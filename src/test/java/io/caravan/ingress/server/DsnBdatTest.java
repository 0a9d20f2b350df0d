package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DSN parameters (RFC 3461) land in the envelope; CHUNKING/BDAT (RFC 3030). */
class DsnBdatTest {

    @TempDir
    Path dir;
    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, b -> b.maxMessageSize(1000));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void dsnParametersAreKept() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test> RET=HDRS ENVID=QQ314159 SIZE=100 BODY=8BITMIME", 250);
            c.cmd("RCPT TO:<bob@example.com> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob+2Bx@example.com", 250);
            c.cmd("RCPT TO:<carol@example.com> NOTIFY=NEVER", 250);
            c.cmd("RCPT TO:<dave@example.com>", 250);
            c.cmd("DATA", 354);
            c.send("x").send(".").expect(250);
        }
        Envelope e = fx.sink.stored.get(0).envelope();
        assertEquals("HDRS", e.ret());
        assertEquals("QQ314159", e.envid());
        Recipient bob = e.recipients().get(0);
        assertEquals(Set.of(Recipient.Notify.SUCCESS, Recipient.Notify.DELAY), bob.notifyOn());
        assertEquals("rfc822;bob+2Bx@example.com", bob.orcpt());
        assertEquals(Set.of(Recipient.Notify.NEVER), e.recipients().get(1).notifyOn());
        assertEquals(Set.of(), e.recipients().get(2).notifyOn());
        assertNull(e.recipients().get(2).orcpt());
        assertTrue(!fx.sink.stored.get(0).text().contains("\tfor <"), "no for clause with several recipients");
    }

    @Test
    void sizeDeclaredOrActualOverTheLimitIsRefused() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test> SIZE=1001", "552 5.3.4");
            c.cmd("MAIL FROM:<a@remote.test> SIZE=1000", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("DATA", 354);
            for (int i = 0; i < 200; i++) {
                c.send("0123456789");
            }
            c.send(".").expect("552 5.3.4");
            c.cmd("NOOP", "250 2.0.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void bdatChunksMakeOneMessage() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.raw("BDAT 14\r\nSubject: b\r\n\r\n").expect("250 2.0.0 14 octets received");
            c.raw("BDAT 8 LAST\r\n.\r\nend\r\n").expect("250 2.0.0 Ok: queued as");
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.raw("BDAT 5\r\nhello").expect(250);
            c.cmd("DATA", "503 5.5.1");
            c.cmd("BDAT 0 LAST", "250 2.0.0 Ok: queued as");
        }
        assertTrue(fx.sink.stored.get(0).text().endsWith("\r\nSubject: b\r\n\r\n.\r\nend\r\n"));
        assertTrue(fx.sink.stored.get(1).text().endsWith("\r\nhello"));
    }

    @Test
    void bdatOutOfSequenceOrTooBigIsReadThenRefused() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            c.raw("BDAT 6 LAST\r\nQUIT\r\n").expect("503 5.5.1"); // the chunk is not a command
            c.cmd("BDAT x", "501 5.5.4");
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.raw("BDAT 3\r\nabc").expect("503 5.5.1");
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.raw("BDAT 600\r\n" + "x".repeat(600)).expect(250);
            c.raw("BDAT 600\r\n" + "y".repeat(600)).expect("552 5.3.4");
            c.raw("BDAT 3 LAST\r\nzzz").expect("503 5.5.1");
            c.cmd("NOOP", "250 2.0.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }
}
