package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsblConfigFileTest {

    @Test
    void theShippedFileQueriesNoListAndSkipsPrivateNetworks() throws Exception {
        DnsblSettings settings = DnsblConfigFile.load(Path.of("config/dnsbl.yaml"));
        assertFalse(settings.enabled());
        assertEquals(3, settings.threshold());
        assertNull(settings.resolverHost());
        assertEquals(Duration.ofSeconds(2), settings.timeout());
        assertTrue(settings.allowList().stream().anyMatch(n -> n.contains(address("192.168.1.1"))));
        assertTrue(settings.allowList().stream().anyMatch(n -> n.contains(address("::1"))));
    }

    @Test
    void sitesAndKnobsAreRead() throws Exception {
        DnsblSettings settings = parse("""
                sites:
                  - "bl.test*3"
                  - "wl.test=127.0.[0..255].[1..3]*-2"
                threshold: 2
                allow: [192.0.2.0/24]
                resolver: {host: 127.0.0.1, port: 5353}
                timeout: 500ms
                cache: {max-ttl: 10m, negative-ttl: 30s, max-entries: 10}
                """);
        assertTrue(settings.enabled());
        assertEquals(2, settings.sites().size());
        assertEquals(-2, settings.sites().get(1).weight());
        assertEquals(2, settings.threshold());
        assertEquals(1, settings.allowList().size());
        assertEquals("127.0.0.1", settings.resolverHost());
        assertEquals(5353, settings.resolverPort());
        assertEquals(Duration.ofMillis(500), settings.timeout());
        assertEquals(Duration.ofMinutes(10), settings.maxCacheTtl());
        assertEquals(Duration.ofSeconds(30), settings.negativeTtl());
        assertEquals(10, settings.maxCacheEntries());
    }

    @Test
    void aMisspelledKeyIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> parse("site:\n  - \"bl.test\"\n"));
    }

    private static DnsblSettings parse(String yaml) throws Exception {
        return DnsblConfigFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
