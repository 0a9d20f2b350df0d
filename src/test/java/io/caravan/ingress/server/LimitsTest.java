package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recipient limits, the error tarpit, timeouts and graceful stop. */
class LimitsTest {

    @TempDir
    Path dir;

    @Test
    void recipientsPerMessageAndPerSession() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.maxRecipientsPerMessage(2).maxRecipientsPerSession(3));
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<r1@example.com>", 250);
            c.cmd("RCPT TO:<r2@example.com>", 250);
            c.cmd("RCPT TO:<r3@example.com>", "452 4.5.3");
            c.cmd("DATA", 354);
            c.send("x").send(".").expect(250);
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<r3@example.com>", 250);
            c.cmd("RCPT TO:<r4@example.com>", "452 4.5.3");
            assertEquals(2, fx.sink.stored.get(0).envelope().recipients().size());
        }
    }

    @Test
    void errorsAreTarpittedThenTheSessionIsClosed() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir,
                b -> b.tarpitAfterErrors(2).tarpitDelay(Duration.ofMillis(400)).maxErrors(4));
             SmtpTestClient c = fx.greeted()) {
            c.cmd("BOGUS", "500 5.5.2");
            c.send("BOGUS");
            assertTrue(c.silentFor(150), "the second error's reply is delayed");
            c.expect("500 5.5.2");
            c.cmd("BOGUS", "500 5.5.2");
            c.cmd("BOGUS", "500 5.5.2");
            c.expect("421 4.7.0");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void idleCommandTimeout() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.commandTimeout(Duration.ofMillis(300)));
             SmtpTestClient c = fx.greeted()) {
            c.expect("421 4.4.2");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void dataTimeout() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.dataTimeout(Duration.ofMillis(300)));
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("DATA", 354);
            c.send("partial");
            c.expect("421 4.4.2");
            assertTrue(c.closedByServer());
        }
        // nothing stored
    }

    @Test
    void sessionTimeoutStopsATricklingClient() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.sessionTimeout(Duration.ofMillis(600)));
             SmtpTestClient c = fx.greeted()) {
            String reply = null;
            for (int i = 0; i < 20 && reply == null; i++) {
                c.send("NOOP");
                String r = c.reply();
                if (r.startsWith("421")) {
                    reply = r;
                }
                Thread.sleep(100);
            }
            assertTrue(reply != null && reply.startsWith("421 4.4.2"), String.valueOf(reply));
        }
    }

    @Test
    void gracefulStopEndsIdleSessionsAndFinishesDataInProgress() throws Exception {
        ServerFixture fx = new ServerFixture(dir, b -> b.shutdownGrace(Duration.ofSeconds(5)));
        try (SmtpTestClient idle = fx.greeted(); SmtpTestClient busy = fx.greeted()) {
            busy.cmd("MAIL FROM:<a@remote.test>", 250);
            busy.cmd("RCPT TO:<bob@example.com>", 250);
            busy.cmd("DATA", 354);
            busy.send("Subject: in flight");
            Thread stopper = new Thread(() -> {
                try {
                    fx.close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            stopper.start();
            idle.expect("421 4.3.2");
            assertTrue(idle.closedByServer());
            busy.send("").send("body").send(".");
            busy.expect("250 2.0.0 Ok: queued as");
            busy.expect("421 4.3.2");
            stopper.join(10_000);
            assertEquals(1, fx.sink.stored.size());
        }
    }
}
