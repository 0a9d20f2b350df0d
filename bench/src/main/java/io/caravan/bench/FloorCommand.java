package io.caravan.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.InputStream;
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
 * Caravan's embedded broker alone, at fixed rates: persistent sends confirmed asynchronously on one session (as
 * ingress sends) and transacted consumers committing each message (as egress takes them), in a JVM started with
 * the same jar, broker.xml and jvm.options as Caravan, and nothing else on the machine. It is the floor under
 * Caravan's own figures: what storing and taking one message costs before any SMTP, routing or delivery.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
        description = "The embedded broker alone at fixed rates: confirmation latency and CPU per message.")
final class FloorCommand implements Callable<Integer> {
    @Mixin
    TargetOptions opts;

    @Mixin
    LoadOptions load;

    @Option(names = "--rates", split = ",",
            description = "Offered rates in messages a second (default ${DEFAULT-VALUE}).")
    List<Double> rates = List.of(250.0, 500.0, 1000.0);

    @Option(names = "--seconds", description = "Measured seconds at each rate, after a warm-up of a quarter of that "
            + "(default ${DEFAULT-VALUE}).")
    int seconds = 40;

    @Option(names = "--consumers", description = "Transacted consumers, as the bench's caravan.egress.consumers "
            + "(default ${DEFAULT-VALUE}).")
    int consumers = 20;

    @Option(names = "--quick", description = "Smoke run: 5 s at each rate.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        int secs = quick ? 5 : seconds;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = opts.work.resolve("floor").toAbsolutePath(); // the child runs in it
        Files.createDirectories(dir);
        Path source = dir.resolve("BrokerFloor.java");
        try (InputStream in = FloorCommand.class.getResourceAsStream("/broker/BrokerFloor.java")) {
            Files.write(source, in.readAllBytes());
        }
        List<FloorResult> results = new ArrayList<>();
        for (double rate : rates) {
            System.err.printf(Locale.ROOT, "== broker alone at %.0f msg/s for %d s%n", rate, secs);
            results.add(measure(dir, source, rate, secs));
        }
        RunInfo info = RunInfo.now(quick ? "quick" : "full", 0, load.connections, load.size);
        Path out = opts.results.resolve(stamp + "-floor");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("seconds", secs);
        json.put("consumers", consumers);
        json.put("rates", results);
        ResultsWriter.report(out, "floor", json, markdown(info, secs, consumers, results));
        return 0;
    }

    /** One rate on a fresh journal, in a JVM of its own started as Caravan's would be. */
    private FloorResult measure(Path dir, Path source, double rate, int secs) throws Exception {
        Path data = dir.resolve("data");
        PostfixTarget.deleteTree(data);
        List<String> cmd = CaravanTarget.java(opts.pinning().launcher(), opts.caravanConfig.resolve("jvm.options"),
                opts.caravanJar, opts.caravanJvm);
        cmd.addAll(List.of("-cp", opts.caravanJar.toAbsolutePath().toString(), source.toString(),
                opts.caravanConfig.resolve("broker.xml").toAbsolutePath().toString(), data.toString(),
                Double.toString(rate), Integer.toString(Math.max(1, secs / 4)), Integer.toString(secs),
                Integer.toString(load.connections), Integer.toString(consumers), Integer.toString(load.size)));
        Path log = dir.resolve("floor.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.waitFor();
        String line = Files.readAllLines(log).stream().filter(l -> l.startsWith("floor ")).reduce((a, b) -> b)
                .orElse(null);
        Files.move(log, dir.resolve(String.format(Locale.ROOT, "floor-%.0f.log", rate)),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return p.exitValue() == 0 && line != null ? FloorResult.parse(rate, line)
                : FloorResult.notMeasured(rate, "exit " + p.exitValue() + ", no result line (see " + dir + ")");
    }

    static String markdown(RunInfo info, int secs, int consumers, List<FloorResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode %s: Caravan's embedded broker alone. %d threads send "
                        + "persistent messages of %d bytes open-loop at each rate, confirmed asynchronously on one "
                        + "session (as ingress sends); %d transacted consumers commit each message (as egress takes "
                        + "them). %d s measured after a warm-up of %d s. Machine: %s, %d MiB RAM; %s.%n%n",
                info.date(), info.mode(), info.connections(), info.sizeBytes(), consumers, secs, Math.max(1, secs / 4),
                info.cpus(), info.memoryMb(), info.java()));
        b.append("| offered msg/s | messages | failed | consumed | send to confirmation p50 ms | p99 ms | max ms "
                 + "| CPU ms/msg | journal |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (FloorResult r : results) {
            if (!r.measured()) {
                b.append(String.format(Locale.ROOT, "| %.0f | not measured: %s | | | | | | | |%n", r.rate(),
                        r.note().replace("|", "\\|")));
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %.0f | %d | %d | %d | %.2f | %.2f | %.2f | %.3f | %s |%n",
                    r.rate(), r.messages(), r.failed(), r.consumed(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                    r.cpuMsPerMessage(), r.journal()));
        }
        return b.toString();
    }
}
