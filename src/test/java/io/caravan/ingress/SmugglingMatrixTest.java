package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.caravan.app.Gateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMTP smuggling, end to end: each variant of a fake end of data, followed by a second message's
 * commands, goes through our ingress by DATA, by one BDAT chunk and by two BDAT chunks split inside
 * the variant, and the gateway relays what it takes to a SubEthaSMTP receiver on loopback. Either
 * ingress refuses the transaction with one clear reply, or the receiver gets exactly one message
 * that carries the would-be second message as text. Never two messages, never a reply too many.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingMatrixTest {

    private static final String REFUSED = "550 5.6.11";
    private static final String QUEUED = "250 2.0.0 Ok: queued as";
    /** Not sent that way: by DATA, CRLF.CRLF is the real end of data, not a variant of it. */
    private static final String NOT_A_VARIANT = null;

    /** name, the bytes after "hello", the reply by DATA, the reply by BDAT. */
    private static final String[][] VARIANTS = {
            {"LF . LF", "\n.\n", REFUSED, REFUSED},
            {"LF . CRLF", "\n.\r\n", REFUSED, REFUSED},
            {"CRLF . LF", "\r\n.\n", REFUSED, REFUSED},
            {"CR . CRLF", "\r.\r\n", REFUSED, REFUSED},
            {"CRLF . CR", "\r\n.\r", REFUSED, REFUSED},
            {"CR . CR", "\r.\r", REFUSED, REFUSED},
            {"LF . CR", "\n.\r", REFUSED, REFUSED},
            {"CR . LF", "\r.\n", REFUSED, REFUSED},
            {"CRLF . CR CRLF", "\r\n.\r\r\n", REFUSED, REFUSED},
            {"bare LF", "\n", REFUSED, REFUSED},
            {"bare CR", "\r", REFUSED, REFUSED},
            {"CR CR LF", "\r\r\n", REFUSED, REFUSED},
            {"CRLF . CRLF", "\r\n.\r\n", NOT_A_VARIANT, QUEUED},
            {"CRLF NUL . CRLF", "\r\n\0.\r\n", QUEUED, QUEUED},
            {"CRLF .. CRLF", "\r\n..\r\n", QUEUED, QUEUED},
            {"CRLF SP . CRLF", "\r\n .\r\n", QUEUED, QUEUED},
    };

    enum Verb { DATA, BDAT, BDAT_SPLIT }

    @TempDir
    static Path dir;
    private Sink sink;
    private Gateway gateway;
    private final AtomicInteger cases = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        sink = Sink.accepting();
        gateway = new TestNode(dir).acceptedDomains("example.net")
                .transport("example.net smtp:[127.0.0.1]:" + sink.port())
                .set("caravan.smtp.guard.connection-rate-per-client", 0) // two connections a case
                .start();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String[] v : VARIANTS) {
            for (Verb verb : Verb.values()) {
                String expected = verb == Verb.DATA ? v[2] : v[3];
                if (expected != null) {
                    out.add(Arguments.of(v[0], verb, v[1], expected));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} by {1}: {3}")
    @MethodSource("matrix")
    void oneTransactionIsOneMessageOrOneRefusal(String name, Verb verb, String variant, String expected)
            throws Exception {
        String recipient = "case" + cases.incrementAndGet() + "@example.net";
        String body = "Subject: " + name + "\r\n\r\nhello" + variant + "MAIL FROM:<spoof@example.org>\r\n"
                + "RCPT TO:<" + recipient + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n";
        String outcome;
        try (SmtpTestClient c = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
            c.expect(220);
            c.cmd("EHLO client.example.org", 250);
            c.cmd("MAIL FROM:<sender@example.org>", 250);
            c.cmd("RCPT TO:<" + recipient + ">", 250);
            outcome = send(c, verb, body, variant);
            c.cmd("NOOP", "250 2.0.0 Ok"); // our own session took no smuggled command either
            c.cmd("QUIT", 221);
        }
        assertTrue(outcome.startsWith(expected), "expected " + expected + " but got " + outcome);
        if (expected.equals(QUEUED)) {
            // the lane's threads may deliver the sentinel first: wait for the message itself too
            sink.await(l -> l.stream().anyMatch(r -> r.recipients().contains(recipient)), Duration.ofSeconds(30));
        }
        awaitSentinel(); // a smuggled second message would have been queued before the sentinel was
        List<Sink.Received> got = sink.to(recipient); // a smuggled message would be to the same recipient
        if (expected.equals(QUEUED)) {
            assertEquals(1, got.size(), "messages the receiver took for one transaction");
            String data = new String(got.get(0).data(), StandardCharsets.ISO_8859_1);
            assertTrue(data.contains("\r\nMAIL FROM:<spoof@example.org>\r\n") && data.endsWith("smuggled\r\n"),
                    "the would-be second message is text of the first: " + data);
        } else {
            assertEquals(List.of(), got, "a refused transaction was delivered");
        }
    }

    private static String send(SmtpTestClient c, Verb verb, String body, String variant) throws Exception {
        int length = body.getBytes(StandardCharsets.UTF_8).length; // ASCII: octets are chars
        switch (verb) {
            case DATA -> {
                c.cmd("DATA", 354);
                c.raw(body + ".\r\n");
                return c.reply();
            }
            case BDAT -> {
                c.raw("BDAT " + length + " LAST\r\n" + body);
                return c.reply();
            }
            default -> {
                int cut = body.indexOf(variant) + 1; // inside the variant, after its first octet
                c.raw("BDAT " + cut + "\r\n" + body.substring(0, cut)
                        + "BDAT " + (length - cut) + " LAST\r\n" + body.substring(cut));
                String first = c.reply();
                String second = c.reply();
                if (first.startsWith("250 2.0.0 " + cut + " octets received")) {
                    return second;
                }
                assertTrue(second.startsWith("503 5.5.1"), "after a refused chunk: " + second);
                return first;
            }
        }
    }

    /**
     * Sends a clean message and waits until the receiver has it: egress has then delivered what came
     * before, and anything a receiver had been tricked into splitting off would have arrived too.
     */
    private void awaitSentinel() throws Exception {
        String recipient = "sentinel" + cases.get() + "@example.net";
        try (SmtpTestClient c = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
            c.expect(220);
            c.cmd("EHLO client.example.org", 250);
            c.cmd("MAIL FROM:<sender@example.org>", 250);
            c.cmd("RCPT TO:<" + recipient + ">", 250);
            c.cmd("DATA", 354);
            c.raw("Subject: sentinel\r\n\r\nsentinel\r\n.\r\n");
            c.expect(QUEUED);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sink.to(recipient).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the sentinel message never reached the receiver");
            }
            Thread.sleep(20);
        }
    }
}
