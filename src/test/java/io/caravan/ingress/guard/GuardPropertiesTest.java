package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardPropertiesTest {

    @Test
    void noPropertiesGiveTheDefaultsAndTheShippedDnsblFileQueriesNothing() {
        GuardSettings read = GuardProperties.read(key -> null);
        assertEquals(GuardSettings.defaults().withDnsbl(read.dnsbl()), read);
        assertFalse(read.dnsbl().enabled());
    }

    @Test
    void theDocumentedDefaultsAreTheCodeDefaults() {
        Map<String, String> documented = new java.util.HashMap<>();
        for (GuardProperties.Key key : GuardProperties.KEYS) {
            documented.put(GuardProperties.PREFIX + key.name(), key.defaultValue());
        }
        documented.put(GuardProperties.PREFIX + "dnsbl-config", "no-such-dnsbl.yaml");
        assertEquals(GuardSettings.defaults(), GuardProperties.read(documented::get));
    }

    @Test
    void everyKnobIsRead(@TempDir Path dir) throws Exception {
        Path dnsbl = dir.resolve("dnsbl.yaml");
        Files.writeString(dnsbl, "sites: [\"bl.test*2\"]\nthreshold: 2\n");
        Map<String, String> props = Map.of(
                "caravan.smtp.guard.greet-delay", "2s",
                "caravan.smtp.guard.max-connections-per-client", "5",
                "caravan.smtp.guard.connection-rate-per-client", "30",
                "caravan.smtp.guard.max-connections", "200",
                "caravan.smtp.guard.message-rate-per-client", "100",
                "caravan.smtp.guard.rate-window", "5m",
                "caravan.smtp.guard.ipv6-prefix-length", "56",
                "caravan.smtp.guard.min-free-disk", "512MiB",
                "caravan.smtp.guard.dnsbl-config", dnsbl.toString());
        GuardSettings s = GuardProperties.read(props::get);
        assertEquals(new GuardSettings(Duration.ofSeconds(2), 5, 30, 200, 100, Duration.ofMinutes(5), 56,
                512L << 20, s.dnsbl()), s);
        assertTrue(s.dnsbl().enabled());
        assertEquals("bl.test*2", s.dnsbl().sites().get(0).toString());
        assertFalse(GuardProperties.read(Map.of("caravan.smtp.guard.dnsbl-config", "missing.yaml")::get)
                .dnsbl().enabled());
    }

    @ParameterizedTest
    @CsvSource({"1073741824, 1073741824", "1GiB, 1073741824", "1 GB, 1073741824", "512MiB, 536870912",
            "64k, 65536", "100B, 100", "2T, 2199023255552"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, GuardProperties.parseBytes(text));
    }
}
