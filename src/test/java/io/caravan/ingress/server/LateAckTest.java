package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 250 only once the sink says the message is safe; 451 when it is not; pipelined input waits meanwhile. */
class LateAckTest {

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

    private static void transaction(SmtpTestClient c) throws Exception {
        c.cmd("MAIL FROM:<a@remote.test>", 250);
        c.cmd("RCPT TO:<bob@example.com>", 250);
        c.cmd("DATA", 354);
    }

    @Test
    void sinkFailureAnswers451AndAcknowledgesNothing() throws Exception {
        fx.sink.mode = TestSink.Mode.FAIL;
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.send("Subject: x").send("").send("body").send(".");
            c.expect("451 4.3.0");
            fx.sink.mode = TestSink.Mode.STORE;
            transaction(c); // the session is usable for the retry
            c.send("body").send(".").expect("250 2.0.0 Ok: queued as");
        }
        assertEquals(1, fx.sink.stored.size());
    }

    @Test
    void replyWaitsForTheStoreAndPipelinedCommandsWaitBehindIt() throws Exception {
        fx.sink.mode = TestSink.Mode.HOLD;
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("body\r\n.\r\nNOOP\r\n");
            CompletableFuture<Void> store = fx.sink.nextHeld();
            assertTrue(c.silentFor(300), "no reply while the store is pending");
            store.complete(null);
            c.expect("250 2.0.0 Ok: queued as");
            c.expect("250 2.0.0 Ok");
        }
    }

    @Test
    void lateFailureAfterAWaitStillAnswers451() throws Exception {
        fx.sink.mode = TestSink.Mode.HOLD;
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.send("body").send(".");
            fx.sink.nextHeld().completeExceptionally(new IllegalStateException("broker down"));
            c.expect("451 4.3.0");
        }
        assertEquals(0, fx.sink.stored.size());
    }
}
