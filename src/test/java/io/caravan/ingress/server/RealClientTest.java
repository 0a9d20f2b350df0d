package io.caravan.ingress.server;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real SMTP clients against the server: Angus Mail (jakarta.mail) and python3's smtplib. */
class RealClientTest {

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

    private Properties props() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(fx.server.port()));
        p.put("mail.smtp.localhost", "client.test");
        p.put("mail.smtp.timeout", "10000");
        return p;
    }

    private static MimeMessage message(Session session, String subject, String... to) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("sender@remote.test"));
        for (String rcpt : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(rcpt));
        }
        m.setSubject(subject);
        m.setText("Grüße aus dem Test\r\n.leading dot\r\n", "UTF-8");
        return m;
    }

    @Test
    void angusPlain() throws Exception {
        Session session = Session.getInstance(props());
        Transport.send(message(session, "plain", "bob@example.com"));
        TestSink.Stored s = fx.sink.stored.get(0);
        assertEquals("sender@remote.test", s.envelope().mailFrom());
        assertTrue(s.text().contains("Subject: plain"));
    }

    @Test
    void angusStarttlsAndAuthRelaysForAnAuthenticatedUser() throws Exception {
        Properties p = props();
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.auth", "true");
        Session session = Session.getInstance(p);
        Transport.send(message(session, "tls", "someone@elsewhere.test"), "alice", "secret");
        TestSink.Stored s = fx.sink.stored.get(0);
        assertEquals("alice", s.envelope().authUser());
        assertTrue(s.text().contains("with ESMTPSA"), s.text());
    }

    @Test
    void angusManyRecipients() throws Exception {
        String[] to = new String[150];
        for (int i = 0; i < to.length; i++) {
            to[i] = "user" + i + "@example.com";
        }
        Session session = Session.getInstance(props());
        Transport.send(message(session, "many", to));
        assertEquals(150, fx.sink.stored.get(0).envelope().recipients().size());
    }

    @Test
    void pythonSmtplibWithStarttlsAndLogin() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 not available");
        Path script = dir.resolve("send.py");
        Files.writeString(script, String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='py.test', timeout=10)",
                "s.ehlo()",
                "s.starttls(context=ssl._create_unverified_context())",
                "s.ehlo()",
                "s.login('alice', 'secret')",
                "s.sendmail('py@remote.test', ['bob@example.com', 'x@elsewhere.test'],",
                "           'Subject: from python\\r\\n\\r\\nhi\\r\\n', rcpt_options=['NOTIFY=FAILURE'])",
                "s.quit()",
                ""));
        Process proc = new ProcessBuilder(python(), script.toString(), String.valueOf(fx.server.port()))
                .redirectErrorStream(true).start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "python finished");
        String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.exitValue(), output);
        TestSink.Stored s = fx.sink.stored.get(0);
        assertEquals("py@remote.test", s.envelope().mailFrom());
        assertEquals(2, s.envelope().recipients().size());
        assertEquals("py.test", s.envelope().clientHelo());
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
