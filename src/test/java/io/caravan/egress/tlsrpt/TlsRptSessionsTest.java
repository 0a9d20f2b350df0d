package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.egress.mtasts.StsDecision;
import io.caravan.egress.mtasts.StsPolicy;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which TLS-RPT result a delivery attempt under an MTA-STS decision counts for its policy domain. */
class TlsRptSessionsTest {

    private static final StsPolicy ENFORCE = new StsPolicy(StsPolicy.Mode.ENFORCE, List.of("mx.example.com"),
            Duration.ofDays(1));
    private static final StsPolicy TESTING = new StsPolicy(StsPolicy.Mode.TESTING, List.of("mx.example.com"),
            Duration.ofDays(1));
    private static final TlsInfo VERIFIED = new TlsInfo(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "pkix");
    private static final TlsInfo PLAIN_TLS = new TlsInfo(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "none");
    private static final MxTarget MX = mx("mx.example.com");
    private static final MxTarget OTHER = mx("mx.other.example");

    private static MxTarget mx(String name) {
        try {
            return new MxTarget(name, InetAddress.getByName("127.0.0.1"), 25);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeliveryResult result(MxTarget target, TlsInfo tls, int code, String enhanced, String text) {
        return new DeliveryResult(List.of(new RecipientOutcome(Recipient.of("dora@example.com"),
                Reply.of(code, enhanced, text), Phase.DATA, code < 400)), target, tls, List.of());
    }

    static Stream<Arguments> cases() {
        StsDecision enforce = new StsDecision.Enforce(List.of("mx.example.com"), "example.com",
                Map.of("example.com", ENFORCE));
        StsDecision testing = new StsDecision.Testing(List.of(), "example.com", Map.of("example.com", TESTING));
        StsDecision testingMismatch = new StsDecision.Testing(List.of("mx.other.example"), "example.com",
                Map.of("example.com", TESTING));
        StsDecision refuse = new StsDecision.Refuse("matches no MX host", Map.of("example.com", ENFORCE));
        return Stream.of(
                Arguments.of("no policy", new StsDecision.AsUsual(), result(MX, VERIFIED, 250, "2.0.0", "ok"), null),
                Arguments.of("enforce, verified TLS", enforce, result(MX, VERIFIED, 250, "2.0.0", "ok"), "success"),
                Arguments.of("enforce, TLS, recipient refused: still a good session", enforce,
                        result(MX, VERIFIED, 550, "5.1.1", "no such user"), "success"),
                Arguments.of("enforce, no STARTTLS", enforce,
                        result(null, TlsInfo.NONE, 451, "4.7.4", "TLS is required, but mx.example.com offers none"),
                        "starttls-not-supported"),
                Arguments.of("enforce, certificate of another name", enforce,
                        result(null, TlsInfo.NONE, 451, "4.7.5",
                                "TLS handshake with mx.example.com failed: No subject alternative DNS name matching"),
                        "certificate-host-mismatch"),
                Arguments.of("enforce, untrusted chain", enforce,
                        result(null, TlsInfo.NONE, 451, "4.7.5",
                                "TLS handshake failed: PKIX path building failed"), "certificate-not-trusted"),
                Arguments.of("enforce, expired", enforce,
                        result(null, TlsInfo.NONE, 451, "4.7.5", "TLS handshake failed: certificate expired"),
                        "certificate-expired"),
                Arguments.of("enforce, other TLS failure", enforce,
                        result(null, TlsInfo.NONE, 451, "4.7.5", "TLS handshake failed: bad record"),
                        "validation-failure"),
                Arguments.of("enforce, no connection: no TLS session", enforce,
                        result(null, TlsInfo.NONE, 451, "4.4.1", "connection refused"), null),
                Arguments.of("enforce, no MX matches", refuse, null, "validation-failure"),
                Arguments.of("testing, TLS", testing, result(MX, PLAIN_TLS, 250, "2.0.0", "ok"), "success"),
                Arguments.of("testing, delivered in cleartext", testing, result(MX, TlsInfo.NONE, 250, "2.0.0", "ok"),
                        "starttls-not-supported"),
                Arguments.of("testing, TLS to an MX the policy does not name", testingMismatch,
                        result(OTHER, PLAIN_TLS, 250, "2.0.0", "ok"), "validation-failure"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void counts(String name, StsDecision decision, DeliveryResult result, String expected) {
        List<Session> sessions = TlsRptSessions.of(decision, result, "192.0.2.1", MX);
        if (expected == null) {
            assertEquals(List.of(), sessions);
            return;
        }
        assertEquals(1, sessions.size(), sessions.toString());
        Session s = sessions.get(0);
        assertEquals("example.com", s.policy().domain());
        assertEquals("sts", s.policy().type());
        assertEquals(expected, s.successful() ? "success" : s.resultType());
        if (!s.successful()) {
            assertEquals("192.0.2.1", s.sendingMtaIp());
            assertEquals(result != null && result.target() != null ? result.target().hostname() : "mx.example.com",
                    s.receivingMx());
        }
    }
}
