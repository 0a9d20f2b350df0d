package io.caravan.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
 * Memory with many idle SMTP connections: each system is started, its process tree's memory sampled at rest,
 * then N clients connect, read the banner and stay silent for a while. The growth over the baseline divided
 * by the connections held is what one idle client costs. Limits that would refuse the clients are lifted
 * (Caravan's connection guards, Postfix's process and per-client limits), so what is measured is memory,
 * not policy; a system that still cannot hold N is reported with what it held.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, description = "Memory with many idle SMTP connections.")
final class IdleCommand implements Callable<Integer> {
    private static final long SETTLE_MS = 5_000;

    @Mixin
    TargetOptions opts;

    @Option(names = "--connections", description = "Idle connections per system (default ${DEFAULT-VALUE}).")
    int connections = 1_000;

    @Option(names = "--hold", description = "Seconds the connections stay open and idle (default ${DEFAULT-VALUE}).")
    long holdSeconds = 10;

    @Option(names = "--banner-timeout", description = "Seconds to wait for all banners (default ${DEFAULT-VALUE}).")
    long bannerSeconds = 120;

    @Option(names = "--systems", split = ",", description = "Systems to measure (default ${DEFAULT-VALUE}).")
    List<String> systems = List.of("caravan", "postfix");

    @Override
    public Integer call() throws Exception {
        opts.caravanProps.addAll(List.of("caravan.smtp.guard.max-connections-per-client=0",
                "caravan.smtp.guard.connection-rate-per-client=0", "caravan.smtp.guard.max-connections=0"));
        opts.postfixConfig = opts.postfixConfig.holding(connections);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<IdleResult> results = new ArrayList<>();
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        for (String system : systems) {
            results.add(measure(system, sinkPort));
        }
        RunInfo info = RunInfo.now("idle", 0, connections, 0);
        Path out = opts.results.resolve(stamp + "-idle");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("holdSeconds", holdSeconds);
        json.put("systems", results);
        ResultsWriter.report(out, "idle", json, markdown(info, holdSeconds, results));
        return 0;
    }

    private IdleResult measure(String system, int sinkPort) throws Exception {
        try (Target target = opts.target(system)) {
            System.err.println("== " + system + ": starting");
            String notReady = target.start(sinkPort);
            if (notReady != null) {
                System.err.println("== " + system + ": not measured (" + notReady + ")");
                return IdleResult.notMeasured(system, connections, notReady);
            }
            Thread.sleep(SETTLE_MS);
            ProcessWatch.Usage base = baseline(target);
            if (base == null) {
                return IdleResult.notMeasured(system, connections, "no process to sample");
            }
            System.err.println("== " + system + ": opening " + connections + " connections");
            ProcessWatch watch = new ProcessWatch(target::pid).start();
            int held;
            IdleConnections idle = IdleConnections.open(target.smtpPort(), connections, bannerSeconds * 1000);
            try {
                System.err.println("== " + system + ": " + idle.connected() + " connected, " + idle.banners()
                                   + " banners; holding " + holdSeconds + " s");
                Thread.sleep(holdSeconds * 1000);
                held = idle.stillOpen();
            } finally {
                watch.close();
                idle.close();
            }
            double rssGrowKb = watch.peakRssNowKb() - base.rssKb();
            double pssGrowKb = watch.peakPssKb() - base.pssKb();
            String note = idle.firstError() == null ? "" : "first client error: " + idle.firstError();
            return new IdleResult(system, true, note, connections, idle.connected(), idle.banners(), held,
                    idle.openSeconds(), base.rssKb() / 1024.0, watch.peakRssNowKb() / 1024.0, base.pssKb() / 1024.0,
                    watch.peakPssKb() / 1024.0, held > 0 ? rssGrowKb / held : null, held > 0 ? pssGrowKb / held : null,
                    base.processes(), watch.peakProcesses());
        }
    }

    /** Mean of ten readings 200 ms apart, after the system has settled, so one GC or timer does not set it. */
    private static ProcessWatch.Usage baseline(Target target) throws InterruptedException {
        long rss = 0;
        long pss = 0;
        int n = 0;
        int processes = 0;
        for (int i = 0; i < 10; i++) {
            Long pid = target.pid();
            ProcessWatch.Usage u = pid == null ? null : ProcessWatch.usage(pid);
            if (u != null) {
                rss += u.rssKb();
                pss += u.pssKb();
                processes = Math.max(processes, u.processes());
                n++;
            }
            Thread.sleep(200);
        }
        return n == 0 ? null : new ProcessWatch.Usage(rss / n, 0, pss / n, 0, processes);
    }

    static String markdown(RunInfo info, long holdSeconds, List<IdleResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode idle: %d idle SMTP connections per system, held %d s; "
                        + "machine: %s, %d MiB RAM; %s; Postfix %s.%n%n", info.date(), info.connections(),
                holdSeconds, info.cpus(), info.memoryMb(), info.java(), info.postfix()));
        b.append("| system | connected | banners | held | open s | processes base → peak | baseline RSS MiB | peak RSS MiB "
                 + "| baseline PSS MiB | peak PSS MiB | RSS KiB/conn | PSS KiB/conn |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IdleResult r : results) {
            if (!r.measured()) {
                b.append("| ").append(r.system()).append(" | not measured: ")
                 .append(r.note().replace("|", "\\|").replace("\n", " ")).append(" | | | | | | | | | | |\n");
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %d → %d | %.0f | %.0f | %.0f | %.0f | %s | %s |%n",
                    r.system(), r.connected(), r.banners(), r.held(), r.openSeconds(), r.baselineProcesses(), r.peakProcesses(),
                    r.baselineRssMb(), r.peakRssMb(), r.baselinePssMb(), r.peakPssMb(),
                    fmt(r.rssKbPerConnection()), fmt(r.pssKbPerConnection())));
        }
        for (IdleResult r : results) {
            if (r.measured() && !r.note().isEmpty()) {
                b.append("\n- ").append(r.system()).append(": ").append(r.note().replace("\n", " "));
            }
        }
        return b.append('\n').toString();
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }
}
