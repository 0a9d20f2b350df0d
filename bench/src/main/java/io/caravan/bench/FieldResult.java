package io.caravan.bench;

/**
 * One system in one connection mode of the field run. {@code accepted} is smtp-source's count of completed DATA
 * commands, {@code delivered} smtp-sink's count of messages received; the ingress rate divides accepted by the time
 * from smtp-source's start to its exit, the end-to-end rate divides delivered by the time from that start to the
 * sink's last count. Resource figures are those of the system's process tree over the whole run, null for the
 * ceiling, which has no process of its own.
 */
record FieldResult(String system, String mode, boolean measured, String note, long messages, long accepted,
                   long delivered, double ingressSeconds, double endToEndSeconds, double ingressRate,
                   double endToEndRate, Double peakRssMb, Double peakPssMb, Double cpuMsPerMessage) {

    static FieldResult of(String system, String mode, String note, long messages, long accepted, long delivered,
                          double ingressSeconds, double endToEndSeconds, Double peakRssMb, Double peakPssMb,
                          Double cpuMsPerMessage) {
        return new FieldResult(system, mode, true, note, messages, accepted, delivered, ingressSeconds,
                endToEndSeconds, ingressSeconds > 0 ? accepted / ingressSeconds : 0,
                endToEndSeconds > 0 ? delivered / endToEndSeconds : 0, peakRssMb, peakPssMb, cpuMsPerMessage);
    }

    static FieldResult notMeasured(String system, String mode, String why) {
        return new FieldResult(system, mode, false, why, 0, 0, 0, 0, 0, 0, 0, null, null, null);
    }
}
