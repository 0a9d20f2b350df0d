package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.envelope;
import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A receiver that offers STARTTLS and then refuses it: at the mandatory levels the mail is deferred whatever
 * the refusal's class (a 554 to STARTTLS is the receiver's TLS trouble, not a verdict on the message), and
 * nothing is sent in cleartext; at {@code may} the session goes on in cleartext.
 */
class StartTlsRefusedTest {

    private static final byte[] MESSAGE = "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private SmtpClient client;

    @BeforeEach
    void start() {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // level, reply to STARTTLS, code and enhanced status the recipient gets
                Arguments.of(TlsPolicy.ENCRYPT, "554 5.7.0 TLS not available", 451, "4.7.4"),
                Arguments.of(TlsPolicy.VERIFY, "554 5.7.0 TLS not available", 451, "4.7.4"),
                Arguments.of(TlsPolicy.VERIFY, "502 5.5.1 not implemented", 451, "4.7.4"),
                Arguments.of(TlsPolicy.ENCRYPT, "454 4.7.0 TLS not available due to temporary reason", 454, "4.7.0"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aRefusedStartTlsDefersAtMandatoryLevels(TlsPolicy level, String refusal, int code, String enhanced)
            throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("STARTTLS");
            assertEquals("STARTTLS", peer.readLine());
            peer.send(refusal);
            String next = peer.readLine();
            assertTrue(next == null || next.equals("QUIT"), "nothing but QUIT after the refusal: " + next);
            if (next != null) {
                peer.send("221 bye");
            }
        })) {
            DeliveryResult result = client.deliver(source("127.0.0.1", "out.caravan.test"),
                    List.of(server.target("mx.dest.test")), level, envelope("a@example.test", "x@dest.test"),
                    MESSAGE).toCompletableFuture().get(30, TimeUnit.SECONDS);
            RecipientOutcome o = result.outcomes().get(0);
            assertEquals(code, o.reply().code(), o.toString());
            assertEquals(enhanced, o.reply().enhanced(), o.toString());
            assertTrue(o.reply().transientFailure(), "deferred, not bounced: " + o);
            assertEquals(Phase.STARTTLS, o.phase());
            assertTrue(o.reply().text().contains(refusal.substring(10)), "the receiver's words are kept: " + o);
            assertEquals(List.of(), server.failures);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"554 5.7.0 TLS not available", "454 4.7.0 TLS not available due to temporary reason"})
    void mayGoesOnInCleartext(String refusal) throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("STARTTLS");
            assertEquals("STARTTLS", peer.readLine());
            peer.send(refusal);
            peer.acceptOneMessage();
        })) {
            DeliveryResult result = client.deliver(source("127.0.0.1", "out.caravan.test"),
                    List.of(server.target("mx.dest.test")), TlsPolicy.MAY, envelope("a@example.test", "x@dest.test"),
                    MESSAGE).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertFalse(result.tls().used());
        }
    }
}
