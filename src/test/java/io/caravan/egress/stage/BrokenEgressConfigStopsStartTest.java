package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken shaping.yaml stops the start with one message naming the key and the file, before any stage runs. */
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
}
