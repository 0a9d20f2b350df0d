package io.caravan.ingress.server;

import io.caravan.testing.LogCapture;
import io.caravan.ingress.auth.AuthSettings;
import io.caravan.ingress.auth.Authenticator;
import io.caravan.ingress.auth.PasswordHasher;
import io.caravan.ingress.auth.UserStore;
import io.caravan.ingress.policy.AcceptedDomains;
import io.caravan.ingress.policy.RelayPolicy;
import io.caravan.ingress.policy.TrustedNetworks;
import io.caravan.testing.MutableClock;
import io.caravan.testing.SmtpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lockout through real SMTP sessions, with the default limits (5 failures
 * per client, 10 per user, within 10 minutes; 15 minutes of lockout) and a
 * clock the test moves. Other clients are other 127.0.0.0/8 addresses.
 */
class AuthLockoutDialogueTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private SmtpServer server;

    @BeforeEach
    void start() throws Exception {
        SmtpServerSettings settings = SmtpServerSettings.defaults().toBuilder()
                .bindAddress("127.0.0.1").port(0).hostname("mx.caravan.test").dataDir(dir)
                .tarpitAfterErrors(100).maxErrors(100).shutdownGrace(Duration.ofSeconds(2)).build();
        RelayPolicy policy = new RelayPolicy(new AcceptedDomains(List.of("example.com")), new TrustedNetworks(List.of()));
        UserStore users = new UserStore(List.of(
                "alice:" + PasswordHasher.hash("secret", 1000),
                "bob:" + PasswordHasher.hash("hunter2", 1000)));
        server = new SmtpServer(settings, new TestSink(), policy, users, List.of(), List.of(), clock,
                new Authenticator(AuthSettings.defaults(), clock)).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void failuresOverSessionsLockTheClientsAuthUntilTheCoolDownEnds() throws Exception {
        try (LogCapture log = new LogCapture(SecurityLogTest.LOGGER)) {
            for (int session = 0; session < 3; session++) {
                try (SmtpTestClient c = tls("127.0.0.1")) {
                    for (int i = 0; i < (session < 2 ? 2 : 1); i++) {
                        c.cmd("AUTH PLAIN " + plain("alice", "guess" + session + i), "535 5.7.8");
                    }
                }
            }
            try (SmtpTestClient c = tls("127.0.0.1")) {
                c.cmd("AUTH PLAIN " + plain("alice", "secret"), "454 4.7.0");
                c.cmd("AUTH LOGIN", 334);
                c.cmd(b64("bob"), 334);
                c.cmd(b64("hunter2"), "454 4.7.0");
                // only AUTH is refused: mail that needs none still comes in
                c.cmd("MAIL FROM:<someone@remote.test>", 250);
                c.cmd("RCPT TO:<bob@example.com>", 250);
            }
            assertEquals("AUTH failed: client=127.0.0.1 user=alice mechanism=PLAIN reason=client-locked",
                    log.messages().get(5));
            try (SmtpTestClient c = tls("127.0.0.2")) {
                c.cmd("AUTH PLAIN " + plain("alice", "secret"), "235 2.7.0");
            }
            clock.advance(Duration.ofMinutes(14));
            try (SmtpTestClient c = tls("127.0.0.1")) {
                c.cmd("AUTH PLAIN " + plain("alice", "secret"), "454 4.7.0");
            }
            clock.advance(Duration.ofMinutes(1));
            try (SmtpTestClient c = tls("127.0.0.1")) {
                c.cmd("AUTH PLAIN " + plain("alice", "secret"), "235 2.7.0");
            }
        }
    }

    @Test
    void failuresForOneUserFromManyClientsLockThatUser() throws Exception {
        for (int client = 10; client < 15; client++) {
            try (SmtpTestClient c = tls("127.0.0." + client)) {
                c.cmd("AUTH PLAIN " + plain("alice", "guess1"), "535 5.7.8");
                c.cmd("AUTH PLAIN " + plain("alice", "guess2"), "535 5.7.8");
            }
        }
        try (SmtpTestClient c = tls("127.0.0.20")) {
            c.cmd("AUTH PLAIN " + plain("alice", "secret"), "454 4.7.0");
            c.cmd("AUTH PLAIN " + plain("bob", "hunter2"), "235 2.7.0");
        }
        clock.advance(Duration.ofMinutes(15));
        try (SmtpTestClient c = tls("127.0.0.21")) {
            c.cmd("AUTH PLAIN " + plain("alice", "secret"), "235 2.7.0");
        }
    }

    private SmtpTestClient tls(String sourceIp) throws Exception {
        SmtpTestClient c = SmtpTestClient.connect(sourceIp, server.localAddress());
        c.expect("220 mx.caravan.test");
        c.cmd("EHLO client.test", 250);
        c.cmd("STARTTLS", 220);
        c.startTls();
        c.cmd("EHLO client.test", 250);
        return c;
    }

    private static String plain(String user, String password) {
        return b64("\0" + user + "\0" + password);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
