package io.caravan.bench;

import java.util.List;

/**
 * A soak run: the rates found by calibration and the rate offered, what was accepted and delivered, the
 * samples over time and the verdict on memory.
 */
record SoakResult(RunInfo run, double minutes, double calibratedIngressRate, double calibratedEndToEndRate,
                  double offeredRate, double achievedRate, long accepted, long failed, long delivered, long missing,
                  long duplicates, double p99Ms, List<SoakSample> samples, SoakAnalysis analysis) {}
