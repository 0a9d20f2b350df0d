package io.caravan.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The throughput bench: the same load against each system in turn (the ceiling, Postfix, Caravan), one
 * counting sink behind all of them, resource use sampled from /proc, results written as JSON, Markdown and
 * a PNG chart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput and latency of each system.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke run: 2,000 messages.")
    boolean quick;

    @Option(names = "--messages", description = "Messages per system (default: 2,000 quick, 50,000 full).")
    Long messages;

    @Mixin
    LoadOptions load;

    @Option(names = "--warmup", description = "Messages sent to each system before measuring (default ${DEFAULT-VALUE}).")
    long warmup = 200;

    @Option(names = "--systems", split = ",", description = "Systems to measure (default ${DEFAULT-VALUE}).")
    List<String> systems = List.of("ceiling", "postfix", "caravan");

    @Override
    public Integer call() throws Exception {
        long count = messages != null ? messages : quick ? 2_000 : 50_000;
        String mode = quick ? "quick" : "full";
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = opts.results.resolve(stamp);
        List<SystemResult> results = new ArrayList<>();
        try (CountingSink sink = new CountingSink(sinkPort)) {
            sink.start();
            for (String system : systems) {
                results.add(measure(system, sink, count, stamp));
            }
        }
        RunInfo info = RunInfo.now(mode, count, load.connections, load.size);
        ResultsWriter.write(out, info, results);
        System.out.println();
        System.out.print(ResultsWriter.markdown(info, results));
        System.out.println("\nwritten: " + out.resolve("results.json") + ", results.md, results.png");
        return 0;
    }

    private SystemResult measure(String system, CountingSink sink, long count, String stamp) throws Exception {
        sink.reset();
        try (Target target = opts.target(system)) {
            System.err.println("== " + system + ": starting");
            String notReady = target.start(sink.port());
            if (notReady != null) {
                System.err.println("== " + system + ": not measured (" + notReady + ")");
                return SystemResult.notMeasured(system, notReady);
            }
            if (warmup > 0) {
                LoadResult w = new LoadGenerator(new LoadSpec(target.smtpPort(), load.connections, warmup, load.size, 10_000,
                        false), new MessageFactory("w" + stamp + "-" + system, load.size), system + "-warmup").run();
                sink.awaitIds(w.acceptedAtNanos().keySet(), 30_000, 300_000);
                sink.reset();
            }
            LoadSpec spec = new LoadSpec(target.smtpPort(), load.connections, count, load.size, 10_000, true);
            MessageFactory factory = new MessageFactory("b" + stamp + "-" + system, load.size);
            LoadResult load;
            ProcessWatch watch = new ProcessWatch(target::pid).start();
            try {
                load = new LoadGenerator(spec, factory, system).run();
                sink.awaitIds(load.acceptedAtNanos().keySet(), 30_000, 600_000);
            } finally {
                watch.close();
            }
            return summarize(system, target, sink, load, watch, count);
        }
    }

    static SystemResult summarize(String system, Target target, CountingSink sink, LoadResult load,
                                  ProcessWatch watch, long count) {
        Delivery d = Delivery.of(load, sink);
        boolean hasProcess = target.pid() != null || watch.peakRssKb() > 0;
        String note = load.firstError() == null ? "" : "first client error: " + load.firstError();
        return new SystemResult(system, true, note, count, load.accepted(), load.failed(), d.delivered(),
                d.duplicates(), d.missing(), load.ingressRate(), d.endToEndRate(load, sink),
                load.p50Micros() / 1000, load.p99Micros() / 1000,
                hasProcess ? watch.peakRssKb() / 1024.0 : null, hasProcess ? watch.peakPssKb() / 1024.0 : null,
                hasProcess && load.accepted() > 0 ? watch.cpuMillis() / load.accepted() : null);
    }
}
