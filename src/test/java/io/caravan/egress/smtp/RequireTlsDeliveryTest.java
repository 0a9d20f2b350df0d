package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TestCertificates;
import io.caravan.egress.tls.TlsDemand;
import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.message.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8689 §4.2.1 at the client: a REQUIRETLS message goes only over a verified session to a server that
 * offers REQUIRETLS, and MAIL carries REQUIRETLS on; a host that falls short is passed for the next MX, and
 * when none qualifies the recipient gets 5.7.30 (REQUIRETLS not offered) or 5.7.10 (no verified TLS),
 * permanent, and nothing was sent.
 */
class RequireTlsDeliveryTest {

    private static final MessageBody MESSAGE = new MessageBody.Bytes("Subject: t\r\n\r\nsecret\r\n"
            .getBytes(StandardCharsets.US_ASCII));

    private TestCertificates.Issued ca;
    private TestCertificates.Issued cert;
    private SmtpClient client;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificates.ca("RequireTls Test CA");
        cert = TestCertificates.issuedBy(ca, "mx.dest.test");
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults().withTrust(ca.trustingThis()), null);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private static Envelope envelope(boolean requireTls) {
        return new Envelope("01TESTQUEUEID0000000000000", "alice@example.test", List.of(Recipient.of("bob@dest.test")),
                null, null, false, "alice", "192.0.2.1", "client.test", Instant.parse("2026-11-28T01:00:00Z"),
                requireTls);
    }

    private DeliveryResult deliver(List<MxTarget> hosts) throws Exception {
        return client.deliver(source("127.0.0.1", "out.caravan.test"), hosts, TlsDemand.of(List.of(TlsPolicy.MAY), true),
                envelope(true), MESSAGE, ConnectionLimits.NONE).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void mailCarriesRequireTlsToAVerifiedServerThatOffersIt() throws Exception {
        try (StartTlsReceiver mx = new StartTlsReceiver(cert.serverContext(), "REQUIRETLS", "SIZE 1000000")) {
            DeliveryResult result = deliver(List.of(mx.target("mx.dest.test")));
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals("pkix", result.tls().verification());
            assertEquals(1, mx.mailCommands().size(), mx.lines.toString());
            assertTrue(mx.mailCommands().get(0).contains(" REQUIRETLS"), mx.mailCommands().get(0));
            assertEquals(List.of(), mx.failures);
        }
    }

    @Test
    void anOrdinaryMessageToTheSameServerGoesWithoutIt() throws Exception {
        try (StartTlsReceiver mx = new StartTlsReceiver(cert.serverContext(), "REQUIRETLS")) {
            DeliveryResult result = client.deliver(source("127.0.0.1", "out.caravan.test"),
                    List.of(mx.target("mx.dest.test")), TlsDemand.of(TlsPolicy.MAY), envelope(false), MESSAGE,
                    ConnectionLimits.NONE).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals(List.of("MAIL FROM:<alice@example.test>"), mx.mailCommands());
        }
    }

    @Test
    void aServerWithoutRequireTlsIsPassedForTheNextMx() throws Exception {
        try (StartTlsReceiver without = new StartTlsReceiver(cert.serverContext(), "SIZE 1000000");
             StartTlsReceiver with = new StartTlsReceiver(cert.serverContext(), "REQUIRETLS")) {
            DeliveryResult result = deliver(List.of(without.target("mx.dest.test"), with.target("mx.dest.test")));
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals(List.of(), without.mailCommands(), "nothing sent to the host without REQUIRETLS");
            assertEquals(1, with.mailCommands().size());
        }
    }

    @Test
    void noServerOffersRequireTls() throws Exception {
        try (StartTlsReceiver mx = new StartTlsReceiver(cert.serverContext(), "SIZE 1000000")) {
            RecipientOutcome o = deliver(List.of(mx.target("mx.dest.test"))).outcomes().get(0);
            assertEquals(550, o.reply().code(), o.toString());
            assertEquals("5.7.30", o.reply().enhanced(), o.toString());
            assertEquals(List.of(), mx.mailCommands());
        }
    }

    @Test
    void aCertificateThatDoesNotVerifyIs5710() throws Exception {
        TestCertificates.Issued stranger = TestCertificates.selfSigned("mx.dest.test");
        try (StartTlsReceiver mx = new StartTlsReceiver(stranger.serverContext(), "REQUIRETLS")) {
            RecipientOutcome o = deliver(List.of(mx.target("mx.dest.test"))).outcomes().get(0);
            assertEquals(550, o.reply().code(), o.toString());
            assertEquals("5.7.10", o.reply().enhanced(), o.toString());
            assertEquals(List.of(), mx.mailCommands());
        }
    }

    @Test
    void aServerWithoutStartTlsIs5710() throws Exception {
        try (ScriptedServer mx = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("SIZE 1000000");
            String next = peer.readLine();
            assertTrue(next == null || next.equals("QUIT"), "nothing but QUIT: " + next);
        })) {
            RecipientOutcome o = deliver(List.of(mx.target("mx.dest.test"))).outcomes().get(0);
            assertEquals(550, o.reply().code(), o.toString());
            assertEquals("5.7.10", o.reply().enhanced(), o.toString());
            assertEquals(List.of(), mx.failures);
        }
    }
}
