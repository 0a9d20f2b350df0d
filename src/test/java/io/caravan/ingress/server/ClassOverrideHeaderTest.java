package io.caravan.ingress.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.SmtpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class override header is stored only from authenticated clients and trusted networks. */
class ClassOverrideHeaderTest {

    private static final String MESSAGE = "X-Caravan-Class: executive\r\nSubject: s\r\n\r\nbody\r\n";

    @TempDir
    Path dir;

    @Test
    void aStrangersHeaderIsRemovedBeforeStoring() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            send(c);
            String stored = fx.sink.stored.get(0).text();
            assertFalse(stored.toLowerCase().contains("x-caravan-class"), stored);
            assertTrue(stored.endsWith("\r\nSubject: s\r\n\r\nbody\r\n"), stored);
        }
    }

    @Test
    void aTrustedNetworkKeepsIt() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of("127.0.0.1/32"), List.of());
             SmtpTestClient c = fx.greeted()) {
            send(c);
            assertTrue(fx.sink.stored.get(0).text().endsWith("\r\n" + MESSAGE));
        }
    }

    @Test
    void anAuthenticatedClientKeepsIt() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.cmd("STARTTLS", "220 2.0.0");
            c.startTls();
            c.cmd("EHLO client.test", 250);
            String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
            c.cmd("AUTH PLAIN " + plain, "235 2.7.0");
            send(c);
            assertTrue(fx.sink.stored.get(0).text().endsWith("\r\n" + MESSAGE));
        }
    }

    @Test
    void switchedOffItIsKeptFromAnyone() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.privilegedHeaders(List.of()));
             SmtpTestClient c = fx.greeted()) {
            send(c);
            assertEquals(1, fx.sink.stored.size());
            assertTrue(fx.sink.stored.get(0).text().endsWith("\r\n" + MESSAGE));
        }
    }

    private static void send(SmtpTestClient c) throws Exception {
        c.cmd("MAIL FROM:<a@remote.test>", 250);
        c.cmd("RCPT TO:<bob@example.com>", 250);
        c.cmd("DATA", 354);
        c.raw(MESSAGE + ".\r\n").expect("250 2.0.0 Ok: queued as");
    }
}
