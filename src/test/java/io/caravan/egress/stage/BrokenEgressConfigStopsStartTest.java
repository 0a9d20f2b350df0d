package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken egress configuration stops the start with one message naming the key (and file), before any stage runs. */
class BrokenEgressConfigStopsStartTest {

    @TempDir
    Path dir;

    @Test
    void brokenShapingFileIsNamed() {
        TestNode node = new TestNode(dir).edit("shaping.yaml", "max_connections: 20", "max_connections: many");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("caravan.egress.shaping-file") && e.getMessage().contains("shaping.yaml")
                && e.getMessage().contains("max_connections"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "caravan.egress.tls.protocols, 'TLSv1.3,TLSv9', TLSv9",
            "caravan.egress.tls.protocols, ' , ', no TLS protocol",
            "caravan.egress.tls.ca-file, missing-ca.pem, missing-ca.pem",
            "caravan.egress.tls.ca-file, shaping.yaml, no PEM certificate",
            "caravan.egress.spill-share, 1.5, at most 1",
    })
    void badEgressKeyIsNamed(String key, String value, String detail) {
        TestNode node = new TestNode(dir).set(key, value);
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().startsWith(key + ": ") && e.getMessage().contains(detail), e.getMessage());
    }
}
