package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"2, 2000", "250ms, 250", "30s, 30000", "5m, 300000", "2h, 7200000", "5d, 432000000", "' 10 s ', 10000"})
    void durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Values.duration(text));
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "64k, 65536", "50m, 52428800", "50MiB, 52428800", "1g, 1073741824", "1GB, 1073741824", "1 GiB, 1073741824", "2T, 2199023255552", "100B, 100"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, Values.size(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5s", "5 weeks", "1.5h"})
    void badDurationsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Values.duration(text));
    }
}
