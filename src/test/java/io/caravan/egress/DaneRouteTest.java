package io.caravan.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.caravan.egress.smtp.MxTarget;
import io.caravan.routing.mx.Dnssec;
import io.caravan.routing.mx.MxHost;
import io.caravan.routing.mx.MxResult;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RFC 7672 decision on validated MX answers, as a table. */
class DaneRouteTest {

    private static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "MX {0}, host {1}: secure targets {2}, logged {3}")
    @CsvSource({
            "SECURE,   SECURE,   true,  SECURE",
            "SECURE,   INSECURE, false, SECURE",
            "INSECURE, SECURE,   false, INSECURE",
            "INSECURE, INSECURE, false, INSECURE",
    })
    void resolvedHostsCarryWhetherTheirTlsaApplies(Dnssec mx, Dnssec host, boolean secure, Dnssec logged) {
        MxResult result = new MxResult.Resolved("d.test", List.of(new MxHost("mx.d.test", 10, List.of(ADDRESS), host)),
                false, mx);
        DaneRoute.Go go = assertInstanceOf(DaneRoute.Go.class, DaneRoute.decide(result, 25));
        assertEquals(List.of(new MxTarget("mx.d.test", ADDRESS, 25, secure)), go.targets());
        assertEquals(logged, go.dnssec());
    }

    @ParameterizedTest(name = "{0} answer: {2} {3}, logged {4}")
    @CsvSource({
            "temporary, BOGUS,         451, 4.7.5,  BOGUS",
            "temporary, INDETERMINATE, 451, 4.4.3,  INDETERMINATE",
            "permanent, SECURE,        550, 5.1.10, SECURE",
            "permanent, INSECURE,      451, 4.4.3,  INSECURE",
    })
    void failuresSendNothing(String kind, Dnssec state, int code, String enhanced, Dnssec logged) {
        MxResult result = kind.equals("temporary") ? new MxResult.TemporaryFailure("answer", state)
                : new MxResult.PermanentFailure("5.1.10", "null MX", state);
        DaneRoute.Stop stop = assertInstanceOf(DaneRoute.Stop.class, DaneRoute.decide(result, 25));
        assertEquals(code, stop.reply().code());
        assertEquals(enhanced, stop.reply().enhanced());
        assertEquals(logged, stop.dnssec());
    }
}
