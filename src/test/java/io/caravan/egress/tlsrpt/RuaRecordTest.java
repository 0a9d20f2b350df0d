package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mailto addresses of a domain's _smtp._tls TXT records (RFC 8460 §3). */
class RuaRecordTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.com | tlsrpt@example.com",
        "v=TLSRPTv1;rua=mailto:a@example.com,mailto:b@example.net | a@example.com b@example.net",
        "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt | ''",
        "v=TLSRPTv1; rua=https://r.example.com/x,mailto:a@example.com | a@example.com",
        "v=TLSRPTv1; rua=mailto:reports%2Btls@example.com | reports+tls@example.com",
        "v=TLSRPTv1; rua=MAILTO:a@example.com?subject=x | a@example.com",
        "v=TLSRPTv2; rua=mailto:a@example.com | ''",
        "v=TLSRPTv1x; rua=mailto:a@example.com | ''",
        "v=TLSRPTv1; rua=mailto:not-an-address | ''",
        "v=spf1 -all | ''",
    })
    void oneRecord(String record, String expected) {
        assertEquals(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")),
                RuaRecord.mailto(List.of(record)));
    }

    @org.junit.jupiter.api.Test
    void twoRecordsMeanNone() {
        assertEquals(List.of(), RuaRecord.mailto(List.of("v=TLSRPTv1; rua=mailto:a@example.com",
                "v=TLSRPTv1; rua=mailto:b@example.com")));
        assertEquals(List.of("a@example.com"), RuaRecord.mailto(List.of("v=spf1 -all",
                "v=TLSRPTv1; rua=mailto:a@example.com")));
    }
}
