package io.caravan.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label values keep the names the configuration gave and fold everything else. */
class LabelsTest {

    private static final Labels LABELS = new Labels(Set.of("gmail", "microsoft", "default"),
            Set.of("transactional-eu", "bulk-eu"), Set.of("eu-tx-1", "eu-bulk-1"));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            // domain,   value,                 label
            "provider,   gmail,                 gmail",
            "provider,   default,               default",
            "provider,   example-isp.net,       other",
            "provider,   GMAIL,                 other",
            "provider,   '',                    none",
            "provider,   null,                  none",
            "pool,       transactional-eu,      transactional-eu",
            "pool,       transactional-us,      other",
            "pool,       null,                  none",
            "source,     eu-tx-1,               eu-tx-1",
            "source,     192.0.2.7,             other",
            "source,     null,                  none",
    })
    void foldsUnknownNames(String domain, String value, String label) {
        String folded = switch (domain) {
            case "provider" -> LABELS.provider(value);
            case "pool" -> LABELS.pool(value);
            default -> LABELS.source(value);
        };
        assertEquals(label, folded);
    }
}
