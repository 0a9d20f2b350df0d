package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The start-up heap check as a table: what the configuration can hold in the heap against -Xmx. */
class HeapCheckTest {

    private static final long MIB = 1024 * 1024;

    @ParameterizedTest(name = "max {0} MiB, {1} workers, {2}/{3}/{4} consumers, return {5} KiB, broker {6} MiB, heap {7} MiB: warn {8}")
    @CsvSource({
            // shipped: 50 MiB limit, 32 workers, 4/8/2 consumers, 50000 octets returned, 256 MiB heap
            "50,   32, 4, 8,  2,    49,  64, 256, false",
            // the size limit no longer counts above the spool threshold: 2 GiB changes nothing
            "2048, 32, 4, 8,  2,    49,  64, 256, false",
            // many egress consumers: 200 x 1 MiB x 2 does not fit in 256 MiB
            "50,   32, 4, 200, 2,   49,  64, 256, true",
            // ...and does in 1 GiB
            "50,   32, 4, 200, 2,   49,  64, 1024, false",
            // bounces returning 100 MiB originals whole, on two consumers
            "50,   32, 4, 8,  2, 102400, 64, 256, true",
            // small messages only: 64 KiB limit leaves room for many threads
            "0,    512, 64, 256, 16, 49, 64, 256, false",
            // an external broker keeps its queued messages in its own heap
            "50,   32, 4, 8,  2,    49,   0, 128, false",
            "50,   32, 4, 8,  2,    49,  64, 128, true",
    })
    void warnsWhenTheWorstCaseDoesNotFit(long maxMiB, int workers, int routing, int egress, int bounce,
                                         long returnKiB, long brokerMiB, long heapMiB, boolean warns) {
        long max = maxMiB == 0 ? 64 * 1024 : maxMiB * MIB;
        HeapCheck check = new HeapCheck(max, workers, routing, egress, bounce, returnKiB * 1024, brokerMiB * MIB);
        assertEquals(warns, check.warning(heapMiB * MIB).isPresent(), () -> check.needed() / MIB + " MiB needed");
        check.warning(heapMiB * MIB).ifPresent(w -> assertTrue(w.contains(heapMiB + " MiB"), w));
    }
}
