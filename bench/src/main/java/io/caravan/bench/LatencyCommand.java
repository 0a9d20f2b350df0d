package io.caravan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * maximum ingress rate (or it is given), then the same connections offer a fixed fraction of it open-loop
 * for a while, and the MAIL-to-250 latency of that run is reported. Latency at full load only says how
 * long the queue in front of the system is; at half load it says how the system itself answers.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "p50/p99 acceptance latency at a fraction of the maximum ingress rate.")
final class LatencyCommand implements Callable<Integer> {
    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke run: 1,000 calibration messages, 20 s at the fixed rate.")
    boolean quick;

    @Option(names = "--rate-fraction", description = "Fraction of the maximum ingress rate offered (default ${DEFAULT-VALUE}).")
    double fraction = 0.5;

    @Option(names = "--max-rate", description = "Take this maximum ingress rate (msg/s) instead of measuring it.")
    Double maxRate;

    @Option(names = "--calibrate", description = "Messages of the closed-loop run that finds the maximum "
            + "(default: 1,000 quick, 5,000 full).")
    Long calibrate;

    @Option(names = "--seconds", description = "Seconds at the fixed rate (default: 20 quick, 60 full).")
    Long seconds;

    @Mixin
    LoadOptions load;

    @Option(names = "--warmup", description = "Messages sent before calibrating, to warm the JIT "
            + "(default: 200 quick, 2,000 full).")
    Long warmup;

    @Option(names = "--systems", split = ",", description = "Systems to measure (default ${DEFAULT-VALUE}).")
    List<String> systems = List.of("postfix", "caravan");

    @Override
    public Integer call() throws Exception {
        long calib = calibrate != null ? calibrate : quick ? 1_000 : 5_000;
        long secs = seconds != null ? seconds : quick ? 20 : 60;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        List<LatencyResult> results = new ArrayList<>();
        try (CountingSink sink = new CountingSink(sinkPort)) {
            sink.start();
            for (String system : systems) {
                results.add(measure(system, sink, calib, secs, stamp));
            }
        }
        RunInfo info = RunInfo.now(quick ? "quick" : "full", calib, load.connections, load.size);
        Path out = Files.createDirectories(resultsDir(stamp));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("rateFraction", fraction);
        json.put("secondsAtRate", secs);
        json.put("results", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("latency.json").toFile(), json);
        String md = markdown(info, fraction, secs, results);
        Files.writeString(out.resolve("latency.md"), md);
        System.out.println();
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("latency.json") + ", latency.md");
        return 0;
    }

    private LatencyResult measure(String system, CountingSink sink, long calib, long secs, String stamp)
            throws Exception {
        sink.reset();
        try (Target target = opts.target(system)) {
            System.err.println("== " + system + ": starting");
            String notReady = target.start(sink.port());
            if (notReady != null) {
                return LatencyResult.notMeasured(system, notReady);
            }
            long warm = warmup != null ? warmup : quick ? 200 : 2_000;
            if (warm > 0) {
                run(target, "w" + stamp + "-" + system, warm, 0, system + "-warmup", sink);
            }
            double max = maxRate != null ? maxRate
                    : run(target, "c" + stamp + "-" + system, calib, 0, system + "-max", sink).ingressRate();
            double rate = max * fraction;
            long count = Math.max(1, Math.round(rate * secs));
            System.err.printf(Locale.ROOT, "== %s: max %.0f msg/s, offering %.1f msg/s for %d s%n", system, max,
                    rate, secs);
            sink.reset();
            LoadGenerator atRate = generator(target, "l" + stamp + "-" + system, count, system + "-at-rate").rate(rate);
            LoadResult r = run(atRate, sink);
            Delivery d = Delivery.of(r, sink);
            SlowTimeline slow = atRate.slowTimeline(r);
            Path out = Files.createDirectories(resultsDir(stamp));
            Files.writeString(out.resolve("slow-" + system + ".csv"), slow.csv());
            String note = (r.firstError() == null ? "" : "first client error: " + r.firstError() + "; ")
                    + slow.summary() + " (slow-" + system + ".csv)";
            return new LatencyResult(system, true, note, max, rate, r.ingressRate(), count, r.accepted(), r.failed(),
                    d.delivered(), d.missing(), r.p50Micros() / 1000, r.p99Micros() / 1000,
                    r.dueP99Micros() / 1000);
        }
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

    static String markdown(RunInfo info, double fraction, long secs, List<LatencyResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode %s: %d messages of %d bytes over %d connections find the "
                        + "maximum ingress rate (closed loop), then %.0f %% of it is offered open-loop for %d s; "
                        + "machine: %d CPUs, %d MiB RAM; %s; Postfix %s.%n%n", info.date(), info.mode(),
                info.messages(), info.sizeBytes(), info.connections(), fraction * 100, secs, info.nproc(),
                info.memoryMb(), info.java(), info.postfix()));
        b.append("| system | max ingress msg/s | offered msg/s | achieved msg/s | accepted | failed | missing "
                 + "| p50 ms | p99 ms | p99 from due ms | p99 < 20 ms |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LatencyResult r : results) {
            if (!r.measured()) {
                b.append("| ").append(r.system()).append(" | not measured: ").append(r.note().replace("|", "\\|"))
                 .append(" | | | | | | | | | |\n");
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %d | %d | %d | %.2f | %.2f | %.2f | %s |%n",
                    r.system(), r.maxIngressRate(), r.offeredRate(), r.achievedRate(), r.accepted(), r.failed(),
                    r.missing(), r.p50Ms(), r.p99Ms(), r.dueP99Ms(), r.meetsTarget() ? "yes" : "**no**"));
        }
        LatencyResult c = find(results, "caravan");
        LatencyResult p = find(results, "postfix");
        if (c != null && p != null && p.p99Ms() > 0) {
            b.append(String.format(Locale.ROOT, "%n- caravan/postfix p99: %.2f%n- caravan/postfix max ingress: %.2f%n",
                    c.p99Ms() / p.p99Ms(), p.maxIngressRate() > 0 ? c.maxIngressRate() / p.maxIngressRate() : 0));
        }
        for (LatencyResult r : results) {
            if (r.measured() && !r.note().isEmpty()) {
                b.append("- ").append(r.system()).append(": ").append(r.note()).append('\n');
            }
        }
        return b.toString();
    }

    private static LatencyResult find(List<LatencyResult> results, String name) {
        return results.stream().filter(r -> r.system().equals(name) && r.measured()).findFirst().orElse(null);
    }
}
