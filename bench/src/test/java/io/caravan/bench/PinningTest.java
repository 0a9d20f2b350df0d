package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** --pin splits the machine's CPUs: the system under test on the first half, the harness on the rest. */
class PinningTest {

    @Test
    void theSystemGetsTheFirstHalfAndTheHarnessTheRest() {
        Object[][] table = {
            // CPUs, system's, harness's
            {2, "0", "1"},
            {3, "0", "1-2"},
            {4, "0-1", "2-3"},
            {16, "0-7", "8-15"},
        };
        for (Object[] row : table) {
            Pinning p = Pinning.halves((int) row[0]);
            assertEquals(new Pinning((int) row[0], (String) row[1], (String) row[2]), p, "CPUs: " + row[0]);
            assertEquals(List.of("taskset", "-c", row[1]), p.launcher(), "CPUs: " + row[0]);
        }
    }

    @Test
    void theReportsSayWhereTheSystemsRan() {
        RunInfo pinned = new RunInfo("2026-11-29T00:00:00Z", 2, Pinning.halves(2).description(), 24_000, "JVM", "3.7",
                "full", 5_000, 20, 5_120);
        assertEquals("2 CPUs (pinned: the system under test on CPU 0, the harness on CPU 1)", pinned.cpus());
        RunInfo shared = new RunInfo("2026-11-29T00:00:00Z", 2, Pinning.NONE.description(), 24_000, "JVM", "3.7",
                "full", 5_000, 20, 5_120);
        assertEquals("2 CPUs", shared.cpus());
    }

    @Test
    void withoutPinningTargetsStartAsTheyAreAndOneCpuCannotBeSplit() {
        assertEquals(List.of(), Pinning.NONE.launcher());
        assertThrows(IllegalArgumentException.class, () -> Pinning.halves(1));
    }
}
