package io.caravan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict of a system is its median run's p99, with the spread of the runs beside it. */
class LatencySummaryTest {

    private static LatencyResult run(String system, int n, double max, double p50, double p99) {
        return new LatencyResult(system, n, true, "", max, max * 1.2, max / 2, max / 2, 100, 100, 0, 100, 0, p50, p99,
                p99);
    }

    @Test
    void theMedianRunDecidesNotTheLuckiestOrTheWorst() {
        List<LatencySummary> s = LatencySummary.of(List.of(
                run("caravan", 1, 800, 2.5, 18.0),
                run("caravan", 2, 760, 2.7, 36.0),
                run("caravan", 3, 820, 2.4, 19.5),
                run("caravan", 4, 790, 2.9, 24.0),
                run("caravan", 5, 810, 2.6, 17.0)));
        LatencySummary c = s.get(0);
        assertEquals(5, c.runs());
        assertEquals(19.5, c.medianP99Ms());
        assertEquals(17.0, c.lowestP99Ms());
        assertEquals(36.0, c.highestP99Ms());
        assertEquals(800, c.medianMaxRate());
        assertEquals(400, c.medianOfferedRate());
        assertEquals(2.6, c.medianP50Ms());
        assertEquals(3, c.runsMeetingTarget());
        assertTrue(c.meetsTarget());
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddleRuns() {
        LatencySummary c = LatencySummary.of(List.of(
                run("caravan", 1, 800, 2, 18.0), run("caravan", 2, 800, 2, 30.0),
                run("caravan", 3, 800, 2, 21.0), run("caravan", 4, 800, 2, 15.0))).get(0);
        assertEquals(19.5, c.medianP99Ms());
        assertTrue(c.meetsTarget());
    }

    @Test
    void systemsKeepTheirOrderAndUnmeasuredOnesAreLeftOut() {
        List<LatencySummary> s = LatencySummary.of(List.of(
                run("postfix", 1, 370, 2.8, 45.0), run("postfix", 2, 360, 2.8, 41.0),
                LatencyResult.notMeasured("ceiling", "did not start"),
                run("caravan", 1, 800, 2.5, 18.0)));
        assertEquals(List.of("postfix", "caravan"), s.stream().map(LatencySummary::system).toList());
        assertEquals(43.0, s.get(0).medianP99Ms());
        assertFalse(s.get(0).meetsTarget());
        assertEquals(0, s.get(0).runsMeetingTarget());
    }
}
