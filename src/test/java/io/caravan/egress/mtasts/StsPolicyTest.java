package io.caravan.egress.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StsPolicyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version: STSv1\\r\\nmode: enforce\\r\\nmx: mx.example.com\\r\\nmax_age: 86400\\r\\n | ENFORCE | mx.example.com | 86400",
            "version: STSv1\\nmode: testing\\nmx: *.example.com\\nmx: mx.other.net.\\nmax_age: 604800 | TESTING | *.example.com,mx.other.net | 604800",
            "version: STSv1\\nmode: none\\nmax_age: 0                                                   | NONE    |                | 0",
            "version: STSv1\\nmode: enforce\\nmx: MX.Example.COM\\nmax_age: 31557600\\nnew_field: x     | ENFORCE | mx.example.com | 31557600",
            "mode:enforce\\nversion:STSv1\\nmax_age:60\\nmx:mx.example.com                              | ENFORCE | mx.example.com | 60",
    })
    void validPolicies(String body, StsPolicy.Mode mode, String mx, long maxAge) {
        StsPolicy policy = StsPolicy.parse(unescape(body));
        assertEquals(mode, policy.mode());
        assertEquals(mx == null ? List.of() : List.of(mx.split(",")), policy.mx());
        assertEquals(Duration.ofSeconds(maxAge), policy.maxAge());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mode: enforce\\nmx: mx.example.com\\nmax_age: 60                        | no version",
            "version: STSv2\\nmode: enforce\\nmx: mx.example.com\\nmax_age: 60       | not STSv1",
            "version: STSv1\\nmx: mx.example.com\\nmax_age: 60                       | no mode",
            "version: STSv1\\nmode: strict\\nmx: mx.example.com\\nmax_age: 60        | 'strict'",
            "version: STSv1\\nmode: enforce\\nmx: mx.example.com                     | no max_age",
            "version: STSv1\\nmode: enforce\\nmx: mx.example.com\\nmax_age: -1       | not a number",
            "version: STSv1\\nmode: enforce\\nmx: mx.example.com\\nmax_age: 31557601 | exceeds",
            "version: STSv1\\nmode: enforce\\nmax_age: 60                            | has no mx",
            "version: STSv1\\nmode: enforce\\nmx: mx.*.com\\nmax_age: 60             | not a host name",
            "version: STSv1\\nmode: enforce\\nmx: **.example.com\\nmax_age: 60       | not a host name",
            "version: STSv1\\nmode: enforce\\nmode: testing\\nmx: a.b\\nmax_age: 60   | mode twice",
            "<html>not a policy</html>                                              | not 'field: value'",
    })
    void brokenPoliciesAreRefusedWithTheReason(String body, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StsPolicy.parse(unescape(body)));
        assertTrue(e.getMessage().contains(reason.replace("'", "")) || e.getMessage().contains(reason),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "mx.example.com,   mx.example.com,     true",
            "mx.example.com,   MX.example.com.,    true",
            "mx.example.com,   mx2.example.com,    false",
            "*.example.com,    mail.example.com,   true",
            "*.example.com,    example.com,        false",
            "*.example.com,    a.b.example.com,    false",
            "*.example.com,    mail.example.com.,  true",
            "*.example.com,    mail.example.net,   false",
    })
    void mxPatterns(String pattern, String host, boolean matches) {
        StsPolicy policy = StsPolicy.parse("version: STSv1\nmode: enforce\nmx: " + pattern + "\nmax_age: 60\n");
        assertEquals(matches, policy.matches(host));
    }

    private static String unescape(String s) {
        return s.strip().replace("\\r", "\r").replace("\\n", "\n");
    }
}
