package io.caravan.bench;

/**
 * One system's line in the idle-connections report. Memory in MiB over the system's process tree: baseline
 * before any connection, peak while they were opened and held (summed VmRSS, and Pss with shared pages
 * split); open seconds run from the first connect to the last banner; per-connection figures are (peak − baseline) ÷ connections held, in KiB.
 */
record IdleResult(String system, boolean measured, String note, int asked, int connected, int banners, int held,
                  double openSeconds,
                  double baselineRssMb, double peakRssMb, double baselinePssMb, double peakPssMb,
                  Double rssKbPerConnection, Double pssKbPerConnection, int baselineProcesses, int peakProcesses) {

    static IdleResult notMeasured(String system, int asked, String why) {
        return new IdleResult(system, false, why, asked, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0);
    }
}
