package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tail from stalls sits in a few windows; a tail from contention is spread over the run. */
class SlowTimelineTest {

    @Test
    void aStallPutsTheSlowTransactionsInFewWindows() {
        List<long[]> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(new long[] {5_000 + i * 3, 40}); // 20 within 60 ms
        }
        SlowTimeline t = new SlowTimeline(20, 60_000, slow);
        assertEquals(1, t.windows().size());
        assertEquals(1.0, t.busiestShare());
        assertEquals("20 transactions over 20 ms, started in 1 of the run's 600 windows of 100 ms; the busiest 5 "
                + "windows hold 100 % of them", t.summary());
    }

    @Test
    void contentionSpreadsThem() {
        List<long[]> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(new long[] {i * 3_000L, 25}); // one every 3 s
        }
        SlowTimeline t = new SlowTimeline(20, 60_000, slow);
        assertEquals(20, t.windows().size());
        assertEquals(0.25, t.busiestShare());
    }

    @Test
    void theCsvListsThemInOrderOfStart() {
        SlowTimeline t = new SlowTimeline(20, 1_000, List.of(new long[] {700, 31}, new long[] {120, 22}));
        assertEquals("start_ms,latency_ms\n120,22\n700,31\n", t.csv());
        assertEquals(0.0, new SlowTimeline(20, 1_000, List.of()).busiestShare());
    }
}
