package io.caravan.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether memory stayed flat over a soak. The first fifth is warm-up (heap sizing, JIT, pools filling up),
 * so the second fifth is the baseline and the last fifth is compared with it; the least-squares slope over
 * the last four fifths says the same per minute. Memory counts as flat when neither the resident set nor
 * the heap left after collections grew by more than {@link #FLAT_GROWTH} from the baseline to the end.
 */
record SoakAnalysis(double rssSecondFifthMb, double rssLastFifthMb, double rssSlopeMbPerMin,
                    double heapSecondFifthMb, double heapLastFifthMb, double heapSlopeMbPerMin) {

    static final double FLAT_GROWTH = 0.10;

    static SoakAnalysis of(List<SoakSample> samples) {
        return new SoakAnalysis(fifthMean(samples, 1, SoakSample::rssMb), fifthMean(samples, 4, SoakSample::rssMb),
                slope(samples, SoakSample::rssMb), fifthMean(samples, 1, SoakSample::heapAfterGcMb),
                fifthMean(samples, 4, SoakSample::heapAfterGcMb), slope(samples, SoakSample::heapAfterGcMb));
    }

    double rssGrowth() {
        return growth(rssSecondFifthMb, rssLastFifthMb);
    }

    double heapGrowth() {
        return growth(heapSecondFifthMb, heapLastFifthMb);
    }

    boolean flat() {
        return rssSecondFifthMb > 0 && rssGrowth() <= FLAT_GROWTH && heapGrowth() <= FLAT_GROWTH;
    }

    private static double growth(double base, double end) {
        return base > 0 ? (end - base) / base : 0;
    }

    /** Mean of fifth {@code k} (0..4) of the samples by position. */
    static double fifthMean(List<SoakSample> samples, int k, ToDoubleFunction<SoakSample> f) {
        int n = samples.size();
        int from = n * k / 5;
        int to = Math.max(from + 1, n * (k + 1) / 5);
        if (n == 0 || from >= n) {
            return 0;
        }
        return samples.subList(from, Math.min(to, n)).stream().mapToDouble(f).average().orElse(0);
    }

    /** Least-squares slope per minute over the samples after the first fifth. */
    static double slope(List<SoakSample> samples, ToDoubleFunction<SoakSample> f) {
        List<SoakSample> s = samples.subList(samples.size() / 5, samples.size());
        int n = s.size();
        if (n < 2) {
            return 0;
        }
        double mx = s.stream().mapToDouble(SoakSample::seconds).average().orElse(0);
        double my = s.stream().mapToDouble(f).average().orElse(0);
        double num = 0;
        double den = 0;
        for (SoakSample x : s) {
            double dx = x.seconds() - mx;
            num += dx * (f.applyAsDouble(x) - my);
            den += dx * dx;
        }
        return den == 0 ? 0 : num / den * 60;
    }
}
