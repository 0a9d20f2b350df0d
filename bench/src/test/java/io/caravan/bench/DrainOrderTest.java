package io.caravan.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DrainOrderTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1 2 3 4; 1.0",
        "4 3 2 1; 0.0",
        "2 1 3 4; 0.8333333333333334",
        "1 3 2 4; 0.8333333333333334",
        "7; 1.0",
    })
    void fractionOfPairsDeliveredInAcceptanceOrder(String acceptTimes, double expected) {
        long[] a = Arrays.stream(acceptTimes.split(" ")).mapToLong(Long::parseLong).toArray();
        assertEquals(expected, SinkDownScenario.pairsInOrder(a), 1e-12);
    }
}
