package io.caravan.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Acceptance latency at a fixed fraction of the maximum rate. A closed-loop run first finds the system's
 * maximum rate (or it is given), then the same connections offer a fixed fraction of it open-loop for a
 * while, and the MAIL-to-250 latency of that run is reported. The maximum is what the closed-loop run
 * delivered per second, not what it accepted: a store-and-forward system accepts faster than it delivers
 * only while its queue grows, so a short burst's ingress rate is more than it can sustain (with
 * one build, a 5,000-message run measured 878 msg/s, a 50,000-message run 693). Latency at full load only
 * says how long the queue in front of the system is; at half load it says how the system itself answers. The
 * pair of runs is repeated on the same running system, and the median run gives the verdict
 * ({@link LatencySummary}).
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "p50/p99 acceptance latency at a fraction of the maximum ingress rate.")
final class LatencyCommand implements Callable<Integer> {
    /** Synchronous writes timed before and after the runs ({@link DiskSync}): about a second each. */
    private static final int DISK_WRITES = 2_000;

    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke run: 1,000 calibration messages, 20 s at the fixed rate.")
    boolean quick;

    @Option(names = "--rate-fraction", description = "Fraction of the maximum rate offered (default ${DEFAULT-VALUE}).")
    double fraction = 0.5;

    @Option(names = "--max-rate", description = "Take this maximum rate (msg/s) instead of measuring it.")
    Double maxRate;

    @Option(names = "--calibrate", description = "Messages of the closed-loop run that finds the maximum "
            + "(default: 1,000 quick, 20,000 full).")
    Long calibrate;

    @Option(names = "--seconds", description = "Seconds at the fixed rate (default: 20 quick, 60 full).")
    Long seconds;

    @Option(names = "--repeat", description = "Calibration and fixed-rate runs per system; the median run's "
            + "p99 is the verdict (default: 1 quick, 5 full).")
    Integer repeat;

    @Mixin
    LoadOptions load;

    @Option(names = "--warmup", description = "Messages sent before calibrating, to warm the JIT "
            + "(default: 200 quick, 2,000 full).")
    Long warmup;

    @Option(names = "--systems", split = ",", description = "Systems to measure (default ${DEFAULT-VALUE}).")
    List<String> systems = List.of("postfix", "caravan");

    @Override
    public Integer call() throws Exception {
        long calib = calibrate != null ? calibrate : quick ? 1_000 : 20_000;
        long secs = seconds != null ? seconds : quick ? 20 : 60;
        int runs = repeat != null ? Math.max(1, repeat) : quick ? 1 : 5;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        List<LatencyResult> results = new ArrayList<>();
        DiskSync diskBefore = DiskSync.measure(opts.work, DISK_WRITES);
        try (CountingSink sink = new CountingSink(sinkPort)) {
            sink.start();
            for (String system : systems) {
                results.addAll(measure(system, sink, calib, secs, runs, stamp));
            }
        }
        DiskSync diskAfter = DiskSync.measure(opts.work, DISK_WRITES);
        RunInfo info = RunInfo.now(quick ? "quick" : "full", calib, load.connections, load.size);
        Path out = Files.createDirectories(resultsDir(stamp));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("rateFraction", fraction);
        json.put("secondsAtRate", secs);
        json.put("runsPerSystem", runs);
        json.put("diskSyncBefore", diskBefore);
        json.put("diskSyncAfter", diskAfter);
        json.put("summary", LatencySummary.of(results));
        json.put("results", results);
        ResultsWriter.report(out, "latency", json, LatencyReport.markdown(info, fraction, secs, runs, diskBefore, diskAfter, results));
        return 0;
    }

    private List<LatencyResult> measure(String system, CountingSink sink, long calib, long secs, int runs,
                                        String stamp) throws Exception {
        sink.reset();
        try (Target target = opts.target(system)) {
            System.err.println("== " + system + ": starting");
            String notReady = target.start(sink.port());
            if (notReady != null) {
                return List.of(LatencyResult.notMeasured(system, notReady));
            }
            long warm = warmup != null ? warmup : quick ? 200 : 2_000;
            if (warm > 0) {
                run(target, "w" + stamp + "-" + system, warm, 0, system + "-warmup", sink);
            }
            List<LatencyResult> results = new ArrayList<>();
            for (int n = 1; n <= runs; n++) {
                results.add(measureOnce(target, system, n, sink, calib, secs, stamp));
            }
            return results;
        }
    }

    /** One calibration (unless the maximum is given) and one fixed-rate run on the running target. */
    private LatencyResult measureOnce(Target target, String system, int n, CountingSink sink, long calib, long secs,
                                      String stamp) throws Exception {
        String runId = stamp + "-" + system + "-" + n;
        double max;
        double closedLoopIngress = 0;
        if (maxRate != null) {
            max = maxRate;
        } else {
            sink.reset();
            LoadResult c = run(target, "c" + runId, calib, 0, system + "-max-" + n, sink);
            max = Delivery.of(c, sink).endToEndRate(c, sink);
            closedLoopIngress = c.ingressRate();
        }
        double rate = max * fraction;
        long count = Math.max(1, Math.round(rate * secs));
        // the start time lines the run up with the target's own logs (a GC log, a profile)
        System.err.printf(Locale.ROOT, "== %s run %d: max %.0f msg/s (closed-loop ingress %.0f), offering %.1f msg/s "
                + "for %d s from %s%n", system, n, max, closedLoopIngress, rate, secs, Instant.now());
        sink.reset();
        LoadGenerator atRate = generator(target, "l" + runId, count, system + "-at-rate-" + n).rate(rate);
        LoadResult r = run(atRate, sink);
        // slow-*.csv counts from this instant; System.nanoTime is CLOCK_MONOTONIC on Linux, the clock of
        // `perf record -k mono`, so a kernel trace lines up with the slow transactions to the microsecond
        System.err.printf(Locale.ROOT, "== %s run %d: the load started at %.6f s on the monotonic clock%n",
                system, n, r.startNanos() / 1e9);
        Delivery d = Delivery.of(r, sink);
        SlowTimeline slow = atRate.slowTimeline(r);
        Path out = Files.createDirectories(resultsDir(stamp));
        String csv = "slow-" + system + "-" + n + ".csv";
        Files.writeString(out.resolve(csv), slow.csv());
        String note = (r.firstError() == null ? "" : "first client error: " + r.firstError() + "; ")
                + slow.summary() + " (" + csv + ")";
        return new LatencyResult(system, n, true, note, max, closedLoopIngress, rate, r.ingressRate(), count,
                r.accepted(), r.failed(), d.delivered(), d.missing(), r.p50Micros() / 1000, r.p99Micros() / 1000,
                r.dueP99Micros() / 1000);
    }

    private LoadResult run(Target target, String runId, long count, double rate, String label, CountingSink sink)
            throws Exception {
        return run(generator(target, runId, count, label).rate(rate), sink);
    }

    /** Runs the load, then waits until the sink has every accepted message. */
    private static LoadResult run(LoadGenerator generator, CountingSink sink) throws Exception {
        LoadResult r = generator.run();
        sink.awaitIds(r.acceptedAtNanos().keySet(), 30_000, 600_000);
        return r;
    }

    private Path resultsDir(String stamp) {
        return opts.results.resolve(stamp + "-latency");
    }

    private LoadGenerator generator(Target target, String runId, long count, String label) {
        return new LoadGenerator(new LoadSpec(target.smtpPort(), load.connections, count, load.size, 10_000, true),
                new MessageFactory(runId, load.size), label);
    }
}
