package io.caravan.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flat or not: a series of samples a minute apart that grows by {@code rssPerMin} and {@code heapPerMin}
 * MiB per minute after a warm-up jump in the first fifth.
 */
class SoakAnalysisTest {

    @ParameterizedTest(name = "RSS +{0}/min, heap +{1}/min -> flat {2}")
    @CsvSource({
            "0,    0,    true",
            "0.5,  0,    true",
            "10,   0,    false",
            "0,    5,    false",
            "-3,   -1,   true",
    })
    void verdict(double rssPerMin, double heapPerMin, boolean flat) {
        List<SoakSample> s = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double warm = i < 4 ? -100 : 0;
            s.add(new SoakSample(i * 60, 400 + warm + rssPerMin * i, 100 + heapPerMin * i, i, i));
        }
        SoakAnalysis a = SoakAnalysis.of(s);
        assertEquals(flat, a.flat(), a.toString());
        assertEquals(rssPerMin, a.rssSlopeMbPerMin(), 1e-9);
        assertEquals(heapPerMin, a.heapSlopeMbPerMin(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({
            "1, 105.5",
            "4, 117.5",
    })
    void fifthsArePositional(int fifth, double mean) {
        List<SoakSample> s = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            s.add(new SoakSample(i, 100 + i, 0, 0, 0));
        }
        assertEquals(mean, SoakAnalysis.fifthMean(s, fifth, SoakSample::rssMb), 1e-9);
    }
}
