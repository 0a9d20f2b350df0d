package io.caravan.bench;

/**
 * One system's line in the report. Rates are messages per second; ingress counts the 250s at the target,
 * end-to-end counts distinct bench ids at the sink from the first MAIL to the last arrival. Resource
 * figures are null for the ceiling, which has no process of its own.
 */
record SystemResult(String system, boolean measured, String note, long messages, long accepted, long failed,
                    long delivered, long duplicates, long missing, double ingressRate, double endToEndRate,
                    double p50Ms, double p99Ms, Double peakRssMb, Double peakPssMb,
                    Double cpuMsPerMessage) {

    static SystemResult notMeasured(String system, String why) {
        return new SystemResult(system, false, why, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null);
    }
}
