package io.caravan.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The heap after each collection, read from JVM unified GC log lines. */
class GcLogTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[5.123s] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 60M->15M(256M) 4.321ms | 15.0",
            "[9.001s] GC(40) Pause Remark 120M->118M(512M) 1.2ms                                 | 118.0",
            "[1.000s] GC(1) Pause Young (Concurrent Start) (Metadata GC Threshold) 2048K->512K(8M) 1ms | 0.5",
            "[700.5s] GC(900) Pause Full (System.gc()) 3G->1G(4G) 800ms                            | 1024.0",
    })
    void readsTheHeapAfterTheCollection(String line, double mb) {
        assertEquals(mb, GcLog.afterGcMb(line.trim()), 1e-9);
    }

    @Test
    void linesWithoutAHeapFigureGiveNothing() {
        assertNull(GcLog.afterGcMb("[0.010s] Using G1"));
        assertNull(GcLog.afterGcMb("[3.000s] GC(5) Concurrent Mark Cycle 12.3ms"));
    }

    @Test
    void eachCallReturnsOnlyWhatWasAppended(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, "[0.01s] Using G1\n[1.0s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 2ms\n");
        GcLog gc = new GcLog(log);
        assertEquals(List.of(4.0), gc.newAfterGcMb());
        assertEquals(List.of(), gc.newAfterGcMb());
        Files.writeString(log, "[2.0s] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 30M->6M(256M) 2ms\n",
                StandardOpenOption.APPEND);
        assertEquals(List.of(6.0), gc.newAfterGcMb());
    }
}
