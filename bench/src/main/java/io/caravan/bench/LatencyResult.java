package io.caravan.bench;

/**
 * One run of one system in the latency report ({@code run} counts from 1): the maximum rate, which is the
 * end-to-end rate a closed-loop run sustained (or the one given), that run's ingress rate (0 when the maximum
 * was given), the rate then offered open-loop (a fraction of the maximum) and achieved, and the MAIL-to-250
 * latency at that rate (p50/p99, plus p99 measured from when each message was due). Latencies are in
 * milliseconds.
 */
record LatencyResult(String system, int run, boolean measured, String note, double maxRate,
                     double closedLoopIngressRate, double offeredRate, double achievedRate, long offered,
                     long accepted, long failed, long delivered, long missing, double p50Ms, double p99Ms,
                     double dueP99Ms) {

    /** The target: p99 acceptance latency under 20 ms at half the maximum rate. */
    static final double TARGET_P99_MS = 20;

    static LatencyResult notMeasured(String system, String why) {
        return new LatencyResult(system, 0, false, why, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    boolean meetsTarget() {
        return measured && accepted > 0 && p99Ms < TARGET_P99_MS;
    }
}
