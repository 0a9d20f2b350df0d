package io.caravan.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsPolicyMap;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A delivery that holds domains of several levels (routed under an older table) goes at the strictest. */
class DelivererTlsDemandTest {

    private static final TlsPolicyMap TABLE = TlsPolicyMap.parse(List.of("may.test may", "verify.test verify",
            "encrypt.test encrypt", "dane.test dane"), TlsPolicy.MAY);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of("may.test", "verify.test"), TlsPolicy.VERIFY, TlsPolicy.VERIFY),
                Arguments.of(List.of("verify.test", "may.test"), TlsPolicy.VERIFY, TlsPolicy.VERIFY),
                Arguments.of(List.of("other.test", "encrypt.test"), TlsPolicy.ENCRYPT, TlsPolicy.ENCRYPT),
                Arguments.of(List.of("dane.test", "verify.test"), TlsPolicy.DANE, TlsPolicy.VERIFY),
                Arguments.of(List.of("may.test"), TlsPolicy.MAY, TlsPolicy.MAY));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void strictestOverEveryRecipientDomain(List<String> domains, TlsPolicy level, TlsPolicy floor) {
        DeliveryRoute route = new DeliveryRoute("smtp", "smtp:" + domains.get(0), 25,
                List.of(new DeliveryRoute.Hop("mx.shared.test", 10, List.of("127.0.0.1"))), domains, "transactional",
                "default", "local", "transactional", List.of());
        Envelope envelope = new Envelope("Q1", "s@shop.test",
                domains.stream().map(d -> Recipient.of("r@" + d)).toList(), null, null, false, null, "127.0.0.1",
                "client", Instant.EPOCH);
        var demand = Deliverer.demand(TABLE::levelFor, route, envelope);
        assertEquals(level, demand.level());
        assertEquals(floor, demand.floor());
    }
}
