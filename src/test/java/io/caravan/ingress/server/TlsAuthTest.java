package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import io.caravan.ingress.policy.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954), only over TLS. */
class TlsAuthTest {

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void starttlsResetsTheSessionAndThenOffersAuth() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("STARTTLS now", "501 5.5.4");
            c.cmd("STARTTLS", "220 2.0.0");
            SSLSocket tls = c.startTls();
            String protocol = tls.getSession().getProtocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
            c.cmd("MAIL FROM:<a@remote.test>", "503 5.5.1"); // greeting forgotten
            String ehlo = c.cmd("EHLO client.test", 250);
            assertFalse(ehlo.contains("STARTTLS"), ehlo);
            assertTrue(ehlo.contains("AUTH PLAIN LOGIN"), ehlo);
            c.cmd("STARTTLS", "503 5.5.1");
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("DATA", 354);
            c.send("x").send(".").expect(250);
            String received = fx.sink.stored.get(0).text();
            assertTrue(received.contains("with ESMTPS (version=" + protocol + " cipher="), received);
        }
    }

    @Test
    void plaintextPipelinedBehindStarttlsIsDiscarded() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.raw("STARTTLS\r\nMAIL FROM:<injected@remote.test>\r\n");
            c.expect("220 2.0.0");
            c.startTls();
            c.cmd("EHLO client.test", 250);
            c.cmd("RCPT TO:<bob@example.com>", "503 5.5.1"); // the injected MAIL never ran
            c.cmd("NOOP", "250 2.0.0");
        }
    }

    @Test
    void authNeedsTls() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.cmd("AUTH PLAIN " + b64("\0alice\0secret"), "538 5.7.11");
        }
    }

    @Test
    void authPlainAndLoginOverTls() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir)) {
            try (SmtpTestClient c = tlsClient(fx)) {
                c.cmd("AUTH PLAIN " + b64("\0alice\0wrong"), "535 5.7.8");
                c.cmd("AUTH CRAM-MD5", "504 5.5.4");
                c.cmd("AUTH PLAIN", "334");
                c.cmd("*", "501 5.0.0");
                c.cmd("AUTH PLAIN", "334");
                c.cmd("%%%", "501 5.5.2");
                c.cmd("AUTH PLAIN", "334");
                c.cmd(b64("\0alice\0secret"), "235 2.7.0");
                c.cmd("AUTH PLAIN " + b64("\0alice\0secret"), "503 5.5.1");
                c.cmd("MAIL FROM:<alice@example.com>", 250);
                c.cmd("RCPT TO:<anyone@elsewhere.test>", "250 2.1.5"); // authenticated relay
                c.cmd("DATA", 354);
                c.send("x").send(".").expect(250);
            }
            try (SmtpTestClient c = tlsClient(fx)) {
                assertEquals("334 VXNlcm5hbWU6\n", c.cmd("AUTH LOGIN", 334));
                assertEquals("334 UGFzc3dvcmQ6\n", c.cmd(b64("alice"), 334));
                c.cmd(b64("secret"), "235 2.7.0");
            }
            try (SmtpTestClient c = tlsClient(fx)) {
                c.cmd("AUTH LOGIN " + b64("mallory"), 334);
                c.cmd(b64("secret"), "535 5.7.8");
            }
            var e = fx.sink.stored.get(0).envelope();
            assertEquals("alice", e.authUser());
            assertTrue(fx.sink.stored.get(0).text().contains("with ESMTPSA"));
        }
    }

    @Test
    void submissionNeedsAuthBeforeMail() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b.role(Role.SUBMISSION).authRequired(true));
             SmtpTestClient c = tlsClient(fx)) {
            c.cmd("MAIL FROM:<alice@example.com>", "530 5.7.0");
            c.cmd("AUTH PLAIN " + b64("alice\0alice\0secret"), "235 2.7.0");
            c.cmd("MAIL FROM:<alice@example.com>", 250);
        }
    }

    @Test
    void selfSignedCertificateIsGeneratedOnceAndReused() throws Exception {
        String first;
        try (ServerFixture fx = new ServerFixture(dir)) {
            first = Files.readString(dir.resolve(ServerTlsContexts.CERT_FILE));
        }
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            assertEquals(first, Files.readString(dir.resolve(ServerTlsContexts.CERT_FILE)));
            c.cmd("STARTTLS", 220);
            SSLSocket tls = c.startTls();
            String subject = ((java.security.cert.X509Certificate) tls.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
            assertEquals("CN=mx.caravan.test", subject);
        }
        Path other = dir.resolve("other");
        try (ServerFixture fx = new ServerFixture(other)) {
            assertNotEquals(first, Files.readString(other.resolve(ServerTlsContexts.CERT_FILE)));
        }
    }

    static SmtpTestClient tlsClient(ServerFixture fx) throws Exception {
        SmtpTestClient c = fx.greeted();
        c.cmd("STARTTLS", 220);
        c.startTls();
        c.cmd("EHLO client.test", 250);
        return c;
    }
}
