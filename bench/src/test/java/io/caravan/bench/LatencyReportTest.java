package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** latency.md puts each system's verdict first and keeps every run below it. */
class LatencyReportTest {

    private static LatencyResult run(String system, int n, double p99) {
        return new LatencyResult(system, n, true, n + " slow", 800, 1000, 400, 400, 100, 100, 0, 100, 0, 2.5, p99, p99);
    }

    @Test
    void theVerdictIsTheMedianRunsAndEveryRunIsListed() {
        RunInfo info = new RunInfo("2026-11-29T00:00:00Z", 2, "", 24_000, "JVM", "3.7", "full", 5_000, 20, 5_120);
        String md = LatencyReport.markdown(info, 0.5, 60, 3, new DiskSync(2_000, 0.45, 2.29, 4.0),
                new DiskSync(2_000, 0.5, 3.1, 9.9), List.of(
                run("postfix", 1, 45), run("postfix", 2, 30), run("postfix", 3, 60),
                run("caravan", 1, 25), run("caravan", 2, 15), run("caravan", 3, 18),
                LatencyResult.notMeasured("ceiling", "no | port")));
        assertTrue(md.contains("| postfix | 3 | 800 | 400.0 | 2.50 | 45.00 | 30.00–60.00 | 0 of 3 | **no** |"), md);
        assertTrue(md.contains("| caravan | 3 | 800 | 400.0 | 2.50 | 18.00 | 15.00–25.00 | 2 of 3 | yes |"), md);
        assertTrue(md.contains("| ceiling | not measured: no \\| port |"), md);
        assertTrue(md.contains("- caravan/postfix p99: 0.40"), md);
        assertTrue(md.contains(
                "| caravan | 2 | 800 | 1000 | 400.0 | 400.0 | 100 | 0 | 0 | 2.50 | 15.00 | 15.00 | yes |"), md);
        assertTrue(md.contains("- postfix run 3: 3 slow"), md);
        assertTrue(md.contains("Disk: 2000 synchronous 8 KiB writes to the work directory took p50 0.45 ms, p99 2.29 ms "
                + "before the runs and p50 0.50 ms, p99 3.10 ms after them."), md);
    }
}
