package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.egress.tls.Tlsa;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.Dnssec;
import io.caravan.smtp.Reply;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which TLS-RPT result an attempt of a dane delivery under a secure MX counts, under policy-type tlsa. */
class DaneSessionsTest {

    private static final Tlsa RECORD = Tlsa.of(3, 1, 1, "ab".repeat(32));
    private static final TlsInfo DANE = new TlsInfo(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "dane");
    private static final TlsInfo UNAUTHENTICATED = new TlsInfo(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "none");

    private static DeliveryResult result(List<Tlsa> tlsa, TlsInfo tls, Dnssec dnssec, int code, String enhanced) {
        try {
            MxTarget mx = new MxTarget("MX.Example.COM.", InetAddress.getByName("127.0.0.1"), 25);
            return new DeliveryResult(List.of(new RecipientOutcome(Recipient.of("dora@example.com"),
                    Reply.of(code, enhanced, "reply"), Phase.DATA, code < 400)), mx, tls, List.of(), dnssec, 0, 0,
                    tlsa);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Tlsa> records = List.of(RECORD);
        return Stream.of(
                Arguments.of("authenticated by TLSA", result(records, DANE, null, 250, "2.0.0"), "success"),
                Arguments.of("authenticated, recipient refused: still a good session",
                        result(records, DANE, null, 550, "5.1.1"), "success"),
                Arguments.of("TLS, but no TLSA record usable", result(records, UNAUTHENTICATED, null, 250, "2.0.0"),
                        "tlsa-invalid"),
                Arguments.of("no STARTTLS offered or refused", result(records, TlsInfo.NONE, null, 451, "4.7.4"),
                        "starttls-not-supported"),
                Arguments.of("no TLSA record matches the chain", result(records, TlsInfo.NONE, null, 451, "4.7.5"),
                        "validation-failure"),
                Arguments.of("TLSA answer bogus", result(List.of(), TlsInfo.NONE, Dnssec.BOGUS, 451, "4.7.5"),
                        "dnssec-invalid"),
                Arguments.of("connection refused: no TLS session", result(records, TlsInfo.NONE, null, 451, "4.4.1"),
                        null),
                Arguments.of("validated denial, delivered at may: no DANE policy",
                        result(List.of(), UNAUTHENTICATED, null, 250, "2.0.0"), null),
                Arguments.of("an earlier host bogus, the final one at may failed otherwise",
                        result(List.of(), TlsInfo.NONE, Dnssec.BOGUS, 451, "4.4.1"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void counts(String name, DeliveryResult result, String expected) {
        List<Session> sessions = DaneSessions.of(Set.of("example.com"), result, "192.0.2.1");
        if (expected == null) {
            assertEquals(List.of(), sessions);
            return;
        }
        assertEquals(1, sessions.size(), sessions.toString());
        Session s = sessions.get(0);
        assertEquals(new PolicyRef("tlsa", result.tlsa().stream().map(Tlsa::toString).toList(), "example.com",
                List.of("mx.example.com")), s.policy());
        assertEquals(expected, s.successful() ? "success" : s.resultType());
        if (!s.successful()) {
            assertEquals("192.0.2.1", s.sendingMtaIp());
            assertEquals("mx.example.com", s.receivingMx());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachDaneDomainCountsOneSession(String name, DeliveryResult result, String expected) {
        List<Session> sessions = DaneSessions.of(Set.of("a.example", "b.example"), result, null);
        assertEquals(expected == null ? 0 : 2, sessions.size(), sessions.toString());
    }

    @org.junit.jupiter.api.Test
    void thePolicyStringIsTheRecordInPresentationFormat() {
        assertEquals("3 1 1 " + "ab".repeat(32), RECORD.toString());
    }
}
