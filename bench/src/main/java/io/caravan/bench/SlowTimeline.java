package io.caravan.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * When the slow transactions of a run happened. A tail made by stalls (a journal file switch, a pause)
 * puts many slow transactions in a few short windows; a tail made by contention spreads them over the
 * run. The report says which: how many windows of {@link #WINDOW_MS} hold a slow transaction, and what
 * share of them the busiest few hold.
 *
 * @param slow each slow transaction as {start ms since the run began, latency ms}
 */
record SlowTimeline(long thresholdMs, long runMs, List<long[]> slow) {

    static final long WINDOW_MS = 100;
    private static final int BUSIEST = 5;

    /** Windows that saw a slow transaction start, with how many. */
    Map<Long, Long> windows() {
        return slow.stream().collect(Collectors.groupingBy(s -> s[0] / WINDOW_MS, TreeMap::new, Collectors.counting()));
    }

    /** Share of the slow transactions in the busiest {@value #BUSIEST} windows. */
    double busiestShare() {
        if (slow.isEmpty()) {
            return 0;
        }
        long top = windows().values().stream().sorted(Comparator.reverseOrder()).limit(BUSIEST)
                .mapToLong(Long::longValue).sum();
        return (double) top / slow.size();
    }

    String summary() {
        long windowsInRun = Math.max(1, (runMs + WINDOW_MS - 1) / WINDOW_MS);
        return String.format(Locale.ROOT, "%d transactions over %d ms, started in %d of the run's %d windows of %d ms;"
                        + " the busiest %d windows hold %.0f %% of them", slow.size(), thresholdMs, windows().size(),
                windowsInRun, WINDOW_MS, BUSIEST, busiestShare() * 100);
    }

    /** One line per slow transaction: when it started and how long it took. */
    String csv() {
        StringBuilder b = new StringBuilder("start_ms,latency_ms\n");
        List<long[]> sorted = new ArrayList<>(slow);
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        sorted.forEach(s -> b.append(s[0]).append(',').append(s[1]).append('\n'));
        return b.toString();
    }
}
