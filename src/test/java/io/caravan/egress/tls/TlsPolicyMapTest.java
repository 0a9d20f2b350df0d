package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsPolicyMapTest {

    private static final TlsPolicyMap MAP = TlsPolicyMap.parse(List.of(
            "# next hop        level",
            "bank.example      verify",
            ".bank.example     encrypt   # its subdomains",
            "dane.example      dane",
            ".example          may",
            "legacy.test       none",
            ""), TlsPolicy.MAY);

    @ParameterizedTest
    @CsvSource({
            "bank.example,        VERIFY",
            "BANK.Example.,       VERIFY",
            "mx.bank.example,     ENCRYPT",
            "a.b.bank.example,    ENCRYPT",
            "dane.example,        DANE",
            "sub.dane.example,    MAY",
            "example,             MAY",
            "legacy.test,         NONE",
            "other.test,          MAY",
    })
    void theMostSpecificEntryWins(String domain, TlsPolicy expected) {
        assertEquals(expected, MAP.levelFor(domain));
    }

    @Test
    void badLinesAreRefusedWithTheirNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsPolicyMap.parse(List.of("ok.test may", "bad.test secure"), TlsPolicy.MAY));
        assertEquals(true, e.getMessage().contains("line 2"));
        assertThrows(IllegalArgumentException.class,
                () -> TlsPolicyMap.parse(List.of("only-one-field"), TlsPolicy.MAY));
    }
}
