package io.caravan.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One system's runs of the latency measurement taken together. On a shared 2-core machine the p99 of
 * identical runs differs by a factor of two, so one run cannot say whether a target is met; the verdict
 * is the median run's, and the report keeps the lowest and highest beside it.
 */
record LatencySummary(String system, int runs, double medianMaxRate, double medianOfferedRate,
                      double medianP50Ms, double medianP99Ms, double lowestP99Ms, double highestP99Ms,
                      int runsMeetingTarget) {

    /** The measured runs of each system, in the order the systems were measured. */
    static List<LatencySummary> of(List<LatencyResult> results) {
        Map<String, List<LatencyResult>> bySystem = new LinkedHashMap<>();
        for (LatencyResult r : results) {
            if (r.measured()) {
                bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
            }
        }
        List<LatencySummary> out = new ArrayList<>();
        bySystem.forEach((system, runs) -> out.add(new LatencySummary(system, runs.size(),
                median(runs, LatencyResult::maxRate), median(runs, LatencyResult::offeredRate),
                median(runs, LatencyResult::p50Ms), median(runs, LatencyResult::p99Ms),
                runs.stream().mapToDouble(LatencyResult::p99Ms).min().orElse(0),
                runs.stream().mapToDouble(LatencyResult::p99Ms).max().orElse(0),
                (int) runs.stream().filter(LatencyResult::meetsTarget).count())));
        return out;
    }

    /** The middle value; with an even count, the mean of the two middle ones. */
    static double median(List<LatencyResult> runs, ToDoubleFunction<LatencyResult> value) {
        double[] v = runs.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    boolean meetsTarget() {
        return runs > 0 && medianP99Ms < LatencyResult.TARGET_P99_MS;
    }
}
