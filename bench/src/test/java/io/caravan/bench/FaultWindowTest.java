package io.caravan.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a fault window counts: the refusals that happened inside it, split into 4xx and 5xx. */
class FaultWindowTest {

    @Test
    void countsOnlyWhatHappenedInsideTheWindow() {
        FaultWindow w = FaultWindow.between(100, Map.of("send 451", 3L, "connect ConnectException", 1L),
                100, Map.of("send 451", 5L, "connect 421", 40L, "send 452", 7L, "connect ConnectException", 1L,
                        "send 554", 2L), "not probed");
        assertEquals(0, w.acceptedDuring());
        assertEquals(Map.of("send 451", 2L, "connect 421", 40L, "send 452", 7L, "send 554", 2L), w.refusalsDuring());
        assertEquals(49, w.temporaryRefusals());
        assertEquals(2, w.permanentRefusals());
        assertEquals(false, w.refusedOnlyTemporarily(), "a 554 during the fault");
    }
}
