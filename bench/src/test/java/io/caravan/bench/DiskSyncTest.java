package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk probe writes where it is told, reports ordered percentiles, and leaves nothing behind. */
class DiskSyncTest {

    @Test
    void timesEachWriteAndDeletesItsFile(@TempDir Path dir) throws Exception {
        DiskSync d = DiskSync.measure(dir.resolve("work"), 50);
        assertEquals(50, d.writes());
        assertTrue(d.p50Ms() > 0 && d.p50Ms() <= d.p99Ms() && d.p99Ms() <= d.maxMs(), d.toString());
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertEquals(0, left.count());
        }
    }
}
