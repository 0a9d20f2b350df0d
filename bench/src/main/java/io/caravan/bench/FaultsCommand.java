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
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs fault scenarios under load against each chosen target and writes faults.json and faults.md. */
@Command(name = "faults", mixinStandardHelpOptions = true, description = "Scripted fault tests under load.")
final class FaultsCommand implements Callable<Integer> {
    static final List<Scenario> SCENARIOS = List.of(
            new Kill9Scenario(),
            new SinkDownScenario(),
            new AbuseScenario(),
            new BrokerStopScenario(),
            new DiskFullScenario());

    @Mixin
    TargetOptions opts;

    @Option(names = "--quick", description = "Smoke sizes (2,000 messages, 15 s faults).")
    boolean quick;

    @Option(names = "--scenario", split = ",", description = "kill9, sink-down, abuse, broker-stop, disk-full or all "
            + "(default ${DEFAULT-VALUE}).")
    List<String> scenarios = List.of("all");

    @Option(names = "--target", split = ",", description = "postfix and/or caravan (default ${DEFAULT-VALUE}).")
    List<String> targets = List.of("postfix", "caravan");

    @Option(names = "--messages", description = "Override the number of messages of the background load.")
    Long messages;

    @Option(names = "--disk-left", description = "MiB the disk-full scenario leaves free (default 40). With a few, "
            + "the broker's own writes fill the disk and it stops itself; Caravan must start it again.")
    Long diskLeftMiB;

    @Override
    public Integer call() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        FaultSpec spec = quick ? FaultSpec.quick("f" + stamp) : FaultSpec.full("f" + stamp);
        if (messages != null || diskLeftMiB != null) {
            spec = new FaultSpec(messages != null ? messages : spec.messages(), spec.connections(), spec.size(),
                    spec.faultMs(), spec.idleAbusers(), spec.garbageAbusers(),
                    diskLeftMiB != null ? diskLeftMiB : spec.diskLeftMiB(), spec.runId());
        }
        List<FaultResult> results = new ArrayList<>();
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        for (Scenario scenario : selected()) {
            for (String t : targets) {
                System.err.println("== " + scenario.name() + " against " + t);
                try (CountingSink sink = new CountingSink(sinkPort); Target target = opts.target(t)) {
                    sink.start();
                    FaultResult r = scenario.run(target, sink, spec);
                    System.err.println("== " + r.status() + ": " + r.summary());
                    results.add(r);
                }
            }
        }
        RunInfo info = RunInfo.now(quick ? "quick" : "full", spec.messages(), spec.connections(), spec.size());
        Path out = opts.results.resolve(stamp + "-faults");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("results", results);
        ResultsWriter.report(out, "faults", json, markdown(info, results));
        return results.stream().anyMatch(r -> r.status().equals("FAIL")) ? 1 : 0;
    }

    private List<Scenario> selected() {
        if (scenarios.contains("all")) {
            return SCENARIOS;
        }
        List<Scenario> out = new ArrayList<>();
        for (String name : scenarios) {
            out.add(SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name)));
        }
        return out;
    }

    static String markdown(RunInfo info, List<FaultResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Run %s, mode %s: background load %d messages of %d bytes over %d connections; "
                        + "machine: %s, %d MiB RAM; Postfix %s.%n%n", info.date(), info.mode(), info.messages(),
                info.sizeBytes(), info.connections(), info.cpus(), info.memoryMb(), info.postfix()));
        b.append("| scenario | target | result | summary |\n|---|---|---|---|\n");
        for (FaultResult r : results) {
            b.append("| ").append(r.scenario()).append(" | ").append(r.target()).append(" | ").append(r.status())
             .append(" | ").append(r.summary().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        for (FaultResult r : results) {
            if (r.facts().isEmpty()) {
                continue;
            }
            b.append("\n").append(r.scenario()).append(" / ").append(r.target()).append(":\n\n");
            r.facts().forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        return b.toString();
    }
}
