package io.caravan.bench;

import java.util.Map;

/**
 * The outcome of one load run as the clients saw it: every bench id that got a 250 at end of DATA (with the
 * time it did), the ones that failed, and the latency of the accepted transactions (MAIL to the 250 after
 * the final dot) in microseconds. In an open-loop run {@code dueP50Micros}/{@code dueP99Micros} are measured
 * from when each message was due instead (0 in a closed-loop run); {@code refusals} counts failed attempts
 * by kind ("connect 421", "send 452", "connect ConnectException").
 */
record LoadResult(long attempted, Map<String, Long> acceptedAtNanos, long failed, long startNanos, long endNanos,
                  double p50Micros, double p99Micros, double maxMicros, String firstError,
                  double dueP50Micros, double dueP99Micros, Map<String, Long> refusals) {

    long accepted() {
        return acceptedAtNanos.size();
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double ingressRate() {
        return seconds() > 0 ? accepted() / seconds() : 0;
    }

    /** Messages that got their 250 after {@code nanos} (System.nanoTime), e.g. once a fault was over. */
    long acceptedAfter(long nanos) {
        return acceptedAtNanos.values().stream().filter(t -> t > nanos).count();
    }

    /** Seconds (one decimal) from {@code nanos} to the first 250 after it, or "none". */
    Object secondsToFirstAcceptAfter(long nanos) {
        return acceptedAtNanos.values().stream().filter(t -> t > nanos).min(Long::compare)
                .<Object>map(first -> Math.round((first - nanos) / 1e8) / 10.0).orElse("none");
    }
}
