package io.caravan.bench;

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
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The throughput bench with the field's own tools instead of the harness's: Postfix's smtp-source makes the load
 * and Postfix's smtp-sink is the next hop each relay delivers to, in both connection modes (reused, and a new
 * connection per message). Each system (and the ceiling, smtp-source straight into smtp-sink) gets a sink of its
 * own; both modes run against one start of the system, after a warm-up in every mode that the sink has counted in
 * full. Writes field.json and field.md with one table per mode and Postfix's settings beside the figures.
 */
@Command(name = "field", mixinStandardHelpOptions = true,
        description = "Throughput with Postfix's smtp-source as the load and smtp-sink as the next hop, "
                      + "connections reused and a new connection per message.")
final class FieldCommand implements Callable<Integer> {
    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke run: 1,000 messages per system and mode.")
    boolean quick;

    @Option(names = "--messages", description = "Messages per system and mode (default: 1,000 quick, 10,000 full).")
    Long messages;

    /** --connections is smtp-source's sessions (-s), --size its body length (-l). */
    @Mixin
    LoadOptions load;

    @Option(names = "--warmup", description = "Messages sent in each mode, all modes first, before any is measured "
            + "(default ${DEFAULT-VALUE}).")
    long warmup = 1_000;

    @Option(names = "--systems", split = ",", description = "Systems to measure (default ${DEFAULT-VALUE}).")
    List<String> systems = List.of("ceiling", "postfix", "caravan");

    @Option(names = "--modes", split = ",", description = "Connection modes: reused, new (default ${DEFAULT-VALUE}).")
    List<String> modes = List.of("reused", "new");

    @Option(names = "--timeout", description = "Seconds one smtp-source run may take (default ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    private Path dir;
    private List<String> postfixSettings = List.of();

    @Override
    public Integer call() throws Exception {
        for (Path tool : List.of(SmtpSource.BINARY, SmtpSinkProcess.BINARY)) {
            if (!Files.isExecutable(tool)) {
                System.err.println(tool + " is missing: it comes with the postfix package, which bench/setup.sh installs");
                return 1;
            }
        }
        modes.forEach(FieldMode::of); // an unknown mode fails before anything starts
        long count = messages != null ? messages : quick ? 1_000 : 10_000;
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-field";
        dir = opts.work.resolve("field").toAbsolutePath();
        Files.createDirectories(dir);
        opts.pinning(); // pins the harness first, so the sink and the load start on its CPUs
        List<FieldResult> results = new ArrayList<>();
        for (String system : systems) {
            results.addAll(measureSystem(system, count));
        }
        RunInfo info = RunInfo.now(quick ? "quick" : "full", count, load.connections, load.size);
        Map<String, String> commands = new LinkedHashMap<>();
        for (String mode : modes) {
            commands.put("load, " + FieldMode.of(mode).key(), SmtpSource.commandLine(SmtpSource.command(List.of(),
                    FieldMode.of(mode), 0, load.connections, count, load.size)));
        }
        commands.put("next hop", SmtpSinkProcess.commandLine(SmtpSinkProcess.command(List.of(), 0,
                SmtpSinkProcess.isRoot())));
        FieldReport.Setup setup = new FieldReport.Setup(runId, info, warmup, modes, commands, postfixSettings);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runId", runId);
        json.put("run", info);
        json.put("warmup", warmup);
        json.put("commands", commands);
        json.put("results", results);
        json.put("ratios", FieldReport.ratios(results));
        json.put("postfixSettings", postfixSettings);
        ResultsWriter.report(opts.results.resolve(runId), "field", json, FieldReport.markdown(setup, results));
        return 0;
    }

    /** One system, every mode: its own smtp-sink, then the system started to relay to it. */
    private List<FieldResult> measureSystem(String system, long count) throws Exception {
        List<FieldResult> out = new ArrayList<>();
        try (SmtpSinkProcess sink = SmtpSinkProcess.start(opts.pinning().harnessLauncher(), SmtpProbe.freePort(),
                dir);
             Target target = opts.target(system)) {
            System.err.println("== " + system + ": starting, next hop smtp-sink on port " + sink.port());
            String notReady = target.start(sink.port());
            if (notReady != null) {
                System.err.println("== " + system + ": not measured (" + notReady + ")");
                modes.forEach(m -> out.add(FieldResult.notMeasured(system, m, notReady)));
                return out;
            }
            if (target instanceof PostfixTarget postfix) {
                postfixSettings = postfix.settings();
            }
            // every mode's warm-up before any is measured: Caravan's JIT is still compiling after a few hundred
            // messages, and a warm-up of the first mode alone left that mode measuring it
            String cold = null;
            for (String mode : modes) {
                if (warmup > 0 && cold == null) {
                    System.err.println("== " + system + ", " + mode + ": warm-up, " + warmup + " messages");
                    cold = warmUp(target, sink, FieldMode.of(mode));
                }
            }
            for (String mode : modes) {
                out.add(cold != null ? FieldResult.notMeasured(system, mode, cold)
                        : measure(system, target, sink, FieldMode.of(mode), count));
            }
        }
        return out;
    }

    /** {@code warmup} messages in {@code mode}, all counted by the sink; null when done, else what went wrong. */
    private String warmUp(Target target, SmtpSinkProcess sink, FieldMode mode) throws Exception {
        long base = sink.messages();
        SmtpSource.Run w = SmtpSource.run(SmtpSource.command(opts.pinning().harnessLauncher(), mode, target.smtpPort(),
                load.connections, warmup, load.size), dir, timeoutSeconds * 1000);
        if (w.exitCode() != 0) {
            return "warm-up in mode " + mode.key() + " failed: " + w.error();
        }
        long got = sink.awaitMessages(base + w.accepted(), 30_000, 300_000) - base;
        return got == w.accepted() ? null
                : "warm-up in mode " + mode.key() + ": smtp-sink counted " + got + " of " + w.accepted();
    }

    private FieldResult measure(String system, Target target, SmtpSinkProcess sink, FieldMode mode, long count)
            throws Exception {
        List<String> launcher = opts.pinning().harnessLauncher();
        System.err.println("== " + system + ", " + mode.key() + ": " + count + " messages");
        long base = sink.messages();
        SmtpSource.Run run;
        long delivered;
        ProcessWatch watch = new ProcessWatch(target::pid).start();
        try {
            run = SmtpSource.run(SmtpSource.command(launcher, mode, target.smtpPort(), load.connections, count,
                    load.size), dir, timeoutSeconds * 1000);
            delivered = sink.awaitMessages(base + run.accepted(), 30_000, 600_000) - base;
        } finally {
            watch.close();
        }
        double endToEnd = delivered > 0 ? (sink.lastArrivalNanos() - run.startNanos()) / 1e9 : 0;
        List<String> notes = new ArrayList<>();
        if (run.error() != null) {
            notes.add("smtp-source exited " + run.exitCode() + ": " + run.error());
        }
        if (delivered != run.accepted()) {
            notes.add("smtp-sink counted " + delivered + " of " + run.accepted() + " accepted");
        }
        boolean hasProcess = target.pid() != null || watch.peakRssKb() > 0;
        return FieldResult.of(system, mode.key(), String.join("; ", notes), count, run.accepted(), delivered,
                run.seconds(), endToEnd, hasProcess ? watch.peakRssKb() / 1024.0 : null,
                hasProcess ? watch.peakPssKb() / 1024.0 : null,
                hasProcess && run.accepted() > 0 ? watch.cpuMillis() / run.accepted() : null);
    }
}
