package io.caravan.ingress.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.SmtpTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** BDAT chunks obey DATA's line rules, and a message of no octets is refused. */
class BdatLineRulesTest {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "bare LF             ; a\\nb\\r\\n        ; 550 5.6.11",
            "bare CR             ; a\\rb\\r\\n        ; 550 5.6.11",
            "LF dot LF           ; a\\n.\\nb\\r\\n     ; 550 5.6.11",
            "CR dot CR           ; a\\r.\\rb\\r\\n     ; 550 5.6.11",
            "CR at the very end  ; a\\r\\nb\\r        ; 550 5.6.11",
    })
    void dataAndBdatRefuseTheSameWay(String name, String escaped, String reply) throws Exception {
        String body = escaped.strip().replace("\\r", "\r").replace("\\n", "\n");
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.cmd("DATA", 354);
            c.raw(body + (body.endsWith("\r\n") ? "" : "\r\n") + ".\r\n").expect(reply);
            transaction(c);
            c.raw("BDAT " + body.length() + " LAST\r\n" + body).expect(reply);
            c.cmd("NOOP", "250 2.0.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void aRefusedChunkEndsTheTransactionAndPipelinedChunksAreReadNotObeyed() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT 4\r\na\nb\r" + "BDAT 14 LAST\r\nRSET\r\nQUIT\r\n\r\n");
            c.expect("550 5.6.11");
            c.expect("503 5.5.1"); // no transaction any more; the chunk's text is never a command
            c.cmd("NOOP", "250 2.0.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void aCrlfSplitAcrossChunksIsFine() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT 11\r\nSubject: s\r").expect("250 2.0.0 11 octets received");
            c.raw("BDAT 7 LAST\r\n\n\r\nhi\r\n").expect("250 2.0.0 Ok: queued as");
        }
        assertTrue(fx.sink.stored.get(0).text().endsWith("\r\nSubject: s\r\n\r\nhi\r\n"));
    }

    @Test
    void bdatZeroLastWithNothingBeforeIsRefused() throws Exception {
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.cmd("BDAT 0 LAST", "554 5.6.0");
            transaction(c);
            c.cmd("BDAT 0", "250 2.0.0 0 octets received");
            c.cmd("BDAT 0 LAST", "554 5.6.0");
            transaction(c); // after refusals the session goes on
            c.raw("BDAT 3\r\nhi\r").expect(250);
            c.raw("BDAT 1\r\n\n").expect(250);
            c.cmd("BDAT 0 LAST", "250 2.0.0 Ok: queued as");
        }
        assertEquals(1, fx.sink.stored.size());
        assertTrue(fx.sink.stored.get(0).text().endsWith("\r\nhi\r\n"));
    }

    private static void transaction(SmtpTestClient c) throws Exception {
        c.cmd("MAIL FROM:<a@remote.test>", 250);
        c.cmd("RCPT TO:<bob@example.com>", 250);
    }
}
