package io.caravan.egress.tls;

import static io.caravan.egress.tls.TlsPolicy.DANE;
import static io.caravan.egress.tls.TlsPolicy.ENCRYPT;
import static io.caravan.egress.tls.TlsPolicy.MAY;
import static io.caravan.egress.tls.TlsPolicy.NONE;
import static io.caravan.egress.tls.TlsPolicy.VERIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsDemandTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // recipients' levels, REQUIRETLS, level negotiated, floor, what dane's fallback to may becomes
                Arguments.of(List.of(), false, MAY, NONE, MAY),
                Arguments.of(List.of(MAY), false, MAY, MAY, MAY),
                Arguments.of(List.of(NONE, NONE), false, NONE, NONE, MAY),
                Arguments.of(List.of(MAY, VERIFY), false, VERIFY, VERIFY, VERIFY),
                Arguments.of(List.of(VERIFY, MAY), false, VERIFY, VERIFY, VERIFY),
                Arguments.of(List.of(NONE, ENCRYPT, MAY), false, ENCRYPT, ENCRYPT, ENCRYPT),
                Arguments.of(List.of(DANE), false, DANE, NONE, MAY),
                Arguments.of(List.of(DANE, MAY), false, DANE, MAY, MAY),
                Arguments.of(List.of(MAY, DANE, VERIFY), false, DANE, VERIFY, VERIFY),
                Arguments.of(List.of(DANE, ENCRYPT), false, DANE, ENCRYPT, ENCRYPT),
                Arguments.of(List.of(MAY), true, VERIFY, VERIFY, VERIFY),
                Arguments.of(List.of(NONE), true, VERIFY, VERIFY, VERIFY),
                Arguments.of(List.of(DANE), true, DANE, VERIFY, VERIFY),
                Arguments.of(List.of(), true, VERIFY, VERIFY, VERIFY));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void strictestOfAllRecipientsWhateverTheOrder(List<TlsPolicy> levels, boolean requireTls, TlsPolicy level,
                                                  TlsPolicy floor, TlsPolicy daneFallback) {
        TlsDemand demand = TlsDemand.of(levels, requireTls);
        assertEquals(level, demand.level());
        assertEquals(floor, demand.floor());
        assertEquals(requireTls, demand.requireTls());
        assertEquals(daneFallback, demand.atLeastFloor(MAY));
    }
}
