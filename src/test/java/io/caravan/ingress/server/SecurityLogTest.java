package io.caravan.ingress.server;

import io.caravan.testing.LogCapture;
import io.caravan.testing.SmtpTestClient;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.caravan.ingress.server.TlsAuthTest.tlsClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines fail2ban reads: one per refused AUTH and per relay denial, in real SMTP dialogues. */
class SecurityLogTest {

    static final String LOGGER = "io.caravan.ingress.command.SecurityLog";

    /** The failregex of docs/SECURITY.md, with fail2ban's {@code <HOST>} spelled out. */
    static final Pattern FAIL2BAN = Pattern.compile(
            "AUTH failed: client=(?<host>[0-9A-Fa-f.:]+) user=\\S* mechanism=\\S+ "
                    + "reason=(?:bad-credentials|malformed|client-locked)$");

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRefusedAuthLogsOneLine() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); LogCapture log = new LogCapture(LOGGER);
             SmtpTestClient c = tlsClient(fx)) {
            c.cmd("AUTH PLAIN " + b64("\0alice\0wrong"), "535 5.7.8");
            c.cmd("AUTH LOGIN", 334);
            c.cmd(b64("mallory"), 334);
            c.cmd(b64("secret"), "535 5.7.8");
            c.cmd("AUTH PLAIN " + b64("bob\0alice\0secret"), "535 5.7.8");
            c.cmd("AUTH PLAIN " + b64("\0eve client=192.0.2.9\r\nx\u00e9\u20ac\0pw"), "535 5.7.8");
            c.cmd("AUTH PLAIN", 334);
            c.cmd("*", "501 5.0.0"); // cancelled: no credentials were refused
            c.cmd("AUTH PLAIN " + b64("\0alice\0secret"), "235 2.7.0");
            assertEquals(List.of(
                    "AUTH failed: client=127.0.0.1 user=alice mechanism=PLAIN reason=bad-credentials",
                    "AUTH failed: client=127.0.0.1 user=mallory mechanism=LOGIN reason=bad-credentials",
                    "AUTH failed: client=127.0.0.1 user=alice mechanism=PLAIN reason=malformed",
                    "AUTH failed: client=127.0.0.1 user=eve\\x20client=192.0.2.9\\x0d\\x0ax\\xe9\\u20ac "
                            + "mechanism=PLAIN reason=bad-credentials"),
                    log.messages());
            for (String line : log.messages()) {
                Matcher m = FAIL2BAN.matcher(line);
                assertTrue(m.find(), line);
                assertEquals("127.0.0.1", m.group("host"));
            }
        }
    }

    @Test
    void everyRelayDenialLogsOneLine() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); LogCapture log = new LogCapture(LOGGER);
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<spammer@remote.test>", 250);
            c.cmd("RCPT TO:<bob@example.com>", 250);
            c.cmd("RCPT TO:<victim@elsewhere.test>", "554 5.7.1");
            c.cmd("RCPT TO:<victim%elsewhere.test@example.com>", "554 5.7.1");
            c.cmd("RSET", 250);
            c.cmd("MAIL FROM:<>", 250);
            c.cmd("RCPT TO:<\"a b\"@elsewhere.test>", "554 5.7.1");
            assertEquals(List.of(
                    "relay denied: client=127.0.0.1 from=<spammer@remote.test> rcpt=<victim@elsewhere.test>",
                    "relay denied: client=127.0.0.1 from=<spammer@remote.test> "
                            + "rcpt=<victim%elsewhere.test@example.com>",
                    "relay denied: client=127.0.0.1 from=<> rcpt=<\\x22a\\x20b\\x22@elsewhere.test>"),
                    log.messages());
        }
    }

    /** The shipped layout starts each line with an ISO-8601 date, time and offset, which fail2ban finds itself. */
    @Test
    void shippedLayoutDatesEveryLine() throws Exception {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/log4j2.properties"))) {
            config.load(in);
        }
        PatternLayout layout = PatternLayout.newBuilder()
                .withPattern(config.getProperty("appender.console.layout.pattern")).build();
        String line = layout.toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName(LOGGER).setLevel(Level.WARN).setThreadName("smtp-submission-3-1")
                .setMessage(new SimpleMessage("AUTH failed: client=203.0.113.5 user=alice mechanism=PLAIN "
                        + "reason=bad-credentials"))
                .setTimeMillis(1_767_225_600_123L).build());
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN .*\\n"),
                line);
        Matcher m = FAIL2BAN.matcher(line.strip());
        assertTrue(m.find(), line);
        assertEquals("203.0.113.5", m.group("host"));
    }
}
