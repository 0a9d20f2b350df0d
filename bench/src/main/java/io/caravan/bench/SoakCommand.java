package io.caravan.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Steady load on Caravan for a while, its memory sampled throughout: does it stay flat? The rate is a
 * fraction of the end-to-end rate a closed-loop run found (not of the ingress rate: a rate the egress cannot
 * keep up with grows the queue, and a growing queue is not a leak). RSS comes from /proc, the heap after each
 * collection from Caravan's GC log.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, description = "Memory of Caravan under steady load over time.")
final class SoakCommand implements Callable<Integer> {
    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke run: 1 minute, samples every 2 s.")
    boolean quick;

    @Option(names = "--minutes", description = "Minutes of steady load (default: 1 quick, 10 full).")
    Double minutes;

    @Option(names = "--rate-fraction", description = "Fraction of the measured end-to-end rate offered (default ${DEFAULT-VALUE}).")
    double fraction = 0.5;

    @Option(names = "--rate", description = "Offer this rate (msg/s) instead of a fraction of a measured one.")
    Double rate;

    @Option(names = "--interval", description = "Seconds between samples (default: 2 quick, 5 full).")
    Double interval;

    @Option(names = "--calibrate", description = "Messages of the closed-loop run that finds the rate (default ${DEFAULT-VALUE}).")
    long calibrate = 2_000;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Exception {
        double mins = minutes != null ? minutes : quick ? 1 : 10;
        long everyMs = Math.round((interval != null ? interval : quick ? 2 : 5) * 1000);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = opts.results.resolve(stamp + "-soak");
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        CaravanTarget target = (CaravanTarget) opts.target("caravan");
        Path gcLog = opts.work.resolve("caravan-gc.log").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(gcLog);
        target.jvmArgs("-Xlog:gc:file=" + gcLog + ":uptime");
        try (CountingSink sink = new CountingSink(sinkPort); target) {
            sink.start();
            String notReady = target.start(sink.port());
            if (notReady != null) {
                System.err.println("== caravan not measured: " + notReady);
                return 1;
            }
            double[] calib = calibrate(target, sink, stamp);
            double offered = rate != null ? rate : calib[1] * fraction;
            long count = Math.max(1, Math.round(offered * mins * 60));
            System.err.printf(Locale.ROOT, "== calibration: ingress %.0f msg/s, end-to-end %.0f msg/s; soaking at "
                    + "%.1f msg/s for %.1f min (%d messages)%n", calib[0], calib[1], offered, mins, count);
            sink.reset();
            GcLog gc = new GcLog(gcLog);
            List<Double> before = gc.newAfterGcMb();
            LoadGenerator gen = new LoadGenerator(new LoadSpec(target.smtpPort(), load.connections, count, load.size, 30_000,
                    false), new MessageFactory("s" + stamp, load.size), "soak").rate(offered);
            LoadResult[] result = new LoadResult[1];
            Thread sender = new Thread(() -> {
                try {
                    result[0] = gen.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "soak-load");
            long t0 = System.nanoTime();
            sender.start();
            List<SoakSample> samples = new ArrayList<>();
            double heap = before.isEmpty() ? 0 : before.get(before.size() - 1);
            while (sender.isAlive()) {
                sender.join(everyMs);
                ProcessWatch.Usage u = target.pid() == null ? null : ProcessWatch.usage(target.pid());
                List<Double> after = gc.newAfterGcMb();
                if (!after.isEmpty()) {
                    heap = after.stream().mapToDouble(Double::doubleValue).min().orElse(heap);
                }
                SoakSample s = new SoakSample((System.nanoTime() - t0) / 1e9, u == null ? 0 : u.rssKb() / 1024.0,
                        heap, gen.acceptedSoFar(), sink.arrivals().size());
                samples.add(s);
                System.err.printf(Locale.ROOT, "\r%6.0f s  RSS %6.1f MiB  heap after GC %6.1f MiB  accepted %d  "
                        + "delivered %d   ", s.seconds(), s.rssMb(), s.heapAfterGcMb(), s.accepted(), s.delivered());
            }
            System.err.println();
            LoadResult r = result[0];
            sink.awaitIds(r.acceptedAtNanos().keySet(), 30_000, 600_000);
            Delivery d = Delivery.of(r, sink);
            SoakResult res = new SoakResult(RunInfo.now(quick ? "quick" : "full", count, load.connections, load.size), mins,
                    calib[0], calib[1], offered, r.ingressRate(), r.accepted(), r.failed(), d.delivered(),
                    d.missing(), d.duplicates(), r.p99Micros() / 1000, samples, SoakAnalysis.of(samples));
            SoakReport.write(out, res);
            System.out.println();
            System.out.print(SoakReport.markdown(res));
            System.out.println("\nwritten: " + out.resolve("soak.json") + ", soak.md, soak.png");
            return 0;
        }
    }

    /** Closed-loop run: {ingress msg/s, end-to-end msg/s}. */
    private double[] calibrate(CaravanTarget target, CountingSink sink, String stamp) throws Exception {
        if (rate != null) {
            return new double[] {0, 0};
        }
        LoadResult c = new LoadGenerator(new LoadSpec(target.smtpPort(), load.connections, calibrate, load.size, 10_000, true),
                new MessageFactory("c" + stamp, load.size), "soak-calibrate").run();
        sink.awaitIds(c.acceptedAtNanos().keySet(), 30_000, 600_000);
        double e2eSeconds = (sink.lastArrivalNanos() - c.startNanos()) / 1e9;
        return new double[] {c.ingressRate(), e2eSeconds > 0 ? Delivery.of(c, sink).delivered() / e2eSeconds : 0};
    }
}
