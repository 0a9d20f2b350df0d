package io.caravan.ingress.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.ingress.policy.Role;
import io.caravan.testing.SmtpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQUIRETLS (RFC 8689) on ingress: offered by the submission listener only after STARTTLS, recorded in
 * the envelope when given; before TLS, and on the mx listener, it stays an unknown parameter.
 */
class RequireTlsIngressTest {

    @TempDir
    Path dir;

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void submissionOffersItAfterStartTlsAndTheEnvelopeCarriesIt() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.role(Role.SUBMISSION).authRequired(true))) {
            try (SmtpTestClient c = fx.greeted()) {
                String before = c.cmd("EHLO client.test", 250);
                assertFalse(before.contains("REQUIRETLS"), before);
                c.cmd("STARTTLS", 220);
                c.startTls();
                String after = c.cmd("EHLO client.test", 250);
                assertTrue(after.contains("REQUIRETLS"), after);
                c.cmd("AUTH PLAIN " + plain("alice", "secret"), "235 2.7.0");
                c.cmd("MAIL FROM:<alice@example.com> REQUIRETLS=yes", "501 5.5.4");
                c.cmd("MAIL FROM:<alice@example.com> REQUIRETLS", 250);
                c.cmd("RCPT TO:<bob@elsewhere.test>", 250);
                c.cmd("DATA", 354);
                c.send("Subject: secret").send("").send("x").send(".").expect(250);
                c.cmd("MAIL FROM:<alice@example.com>", 250);
                c.cmd("RCPT TO:<bob@elsewhere.test>", 250);
                c.cmd("DATA", 354);
                c.send("x").send(".").expect(250);
            }
            assertTrue(fx.sink.stored.get(0).envelope().requireTls());
            assertFalse(fx.sink.stored.get(1).envelope().requireTls());
        }
    }

    @Test
    void theMxListenerDoesNotOfferIt() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = TlsAuthTest.tlsClient(fx)) {
            String ehlo = c.cmd("EHLO client.test", 250);
            assertFalse(ehlo.contains("REQUIRETLS"), ehlo);
            c.cmd("MAIL FROM:<a@remote.test> REQUIRETLS", "555 5.5.4");
        }
    }
}
