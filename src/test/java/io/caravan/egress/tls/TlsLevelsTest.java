package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.smtp.ClientSettings;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.SmtpClient;
import io.caravan.egress.smtp.SmtpSource;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STARTTLS levels against SubEthaSMTP receivers on loopback, with certificates made per test. */
class TlsLevelsTest {

    private SmtpClient client;
    private TlsReceiver server;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MxTarget receiver(SSLContext tls) throws Exception {
        server = new TlsReceiver(tls);
        return new MxTarget("mx.dest.test", InetAddress.getByName("127.0.0.1"), server.port());
    }

    static Envelope envelope() {
        return new Envelope("Q1", "a@example.test", List.of(Recipient.of("b@dest.test")), null, null, false, null,
                "192.0.2.1", "c.test", Instant.now());
    }

    static final byte[] MESSAGE = "Subject: tls\r\n\r\nsecret\r\n".getBytes(StandardCharsets.US_ASCII);

    private DeliveryResult deliver(TlsSettings tls, MxTarget target, TlsPolicy policy) throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), tls, null);
        return client.deliver(new SmtpSource(InetAddress.getByName("127.0.0.1"), "out.caravan.test"),
                List.of(target), policy, envelope(), MESSAGE).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void mayUsesTlsWhenOffered() throws Exception {
        MxTarget mx = receiver(TestCertificates.selfSigned("mx.dest.test").serverContext());
        DeliveryResult result = deliver(TlsSettings.defaults(), mx, TlsPolicy.MAY);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertTrue(result.tls().used());
        assertTrue(result.tls().protocol().startsWith("TLSv1."), result.tls().protocol());
        assertTrue(result.tls().cipher() != null && !result.tls().cipher().isEmpty());
        assertEquals(1, server.received.size());
    }

    @Test
    void maySendsInCleartextWhenNotOffered() throws Exception {
        MxTarget mx = receiver(null);
        DeliveryResult result = deliver(TlsSettings.defaults(), mx, TlsPolicy.MAY);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertFalse(result.tls().used());
    }

    @Test
    void encryptDefersWhenTlsIsNotOffered() throws Exception {
        MxTarget mx = receiver(null);
        DeliveryResult result = deliver(TlsSettings.defaults(), mx, TlsPolicy.ENCRYPT);
        RecipientOutcome o = result.outcomes().get(0);
        assertEquals(451, o.reply().code());
        assertEquals("4.7.4", o.reply().enhanced());
        assertEquals(Phase.STARTTLS, o.phase());
        assertTrue(server.received.isEmpty(), "nothing may go out in cleartext");
    }

    @Test
    void encryptAcceptsAnyCertificate() throws Exception {
        MxTarget mx = receiver(TestCertificates.selfSigned("other.name.test").serverContext());
        DeliveryResult result = deliver(TlsSettings.defaults(), mx, TlsPolicy.ENCRYPT);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertEquals("none", result.tls().verification());
    }

    @Test
    void verifyDefersOnAnUntrustedCertificate() throws Exception {
        MxTarget mx = receiver(TestCertificates.selfSigned("mx.dest.test").serverContext());
        DeliveryResult result = deliver(TlsSettings.defaults(), mx, TlsPolicy.VERIFY);
        RecipientOutcome o = result.outcomes().get(0);
        assertEquals(451, o.reply().code());
        assertEquals("4.7.5", o.reply().enhanced());
        assertEquals(Phase.TLS, o.phase());
        assertTrue(server.received.isEmpty());
    }

    @Test
    void verifyDeliversWithATrustedCertificateNamingTheMx() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("mx.dest.test");
        MxTarget mx = receiver(cert.serverContext());
        DeliveryResult result = deliver(TlsSettings.defaults().withTrust(cert.trustingThis()), mx, TlsPolicy.VERIFY);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertEquals("pkix", result.tls().verification());
    }

    @Test
    void verifyDefersWhenTheTrustedCertificateNamesAnotherHost() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("elsewhere.test");
        MxTarget mx = receiver(cert.serverContext());
        DeliveryResult result = deliver(TlsSettings.defaults().withTrust(cert.trustingThis()), mx, TlsPolicy.VERIFY);
        assertEquals(451, result.outcomes().get(0).reply().code());
        assertTrue(server.received.isEmpty());
    }
}
