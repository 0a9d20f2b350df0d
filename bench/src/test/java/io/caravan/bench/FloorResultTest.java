package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker-alone probe's result line becomes a row of floor.md, CPU divided over the measured messages. */
class FloorResultTest {

    @Test
    void theResultLineIsReadIntoMillisecondsAndCpuPerMessage() {
        FloorResult r = FloorResult.parse(500, "floor messages=20000 failed=0 consumed=20000 p50us=870 "
                + "p99us=2710 maxus=17270 cpuns=25600000000 journal=ASYNCIO");
        assertEquals(new FloorResult(500, 20_000, 0, 20_000, 0.87, 2.71, 17.27, 1.28, "ASYNCIO", ""), r);

        RunInfo info = new RunInfo("2026-11-29T00:00:00Z", 2, "", 24_000, "JVM", "3.7", "full", 0, 20, 5_120);
        String md = FloorCommand.markdown(info, 40, 20, List.of(r, FloorResult.notMeasured(1000, "exit 1 | x")));
        assertTrue(md.contains("| 500 | 20000 | 0 | 20000 | 0.87 | 2.71 | 17.27 | 1.280 | ASYNCIO |"), md);
        assertTrue(md.contains("| 1000 | not measured: exit 1 \\| x |"), md);
    }
}
