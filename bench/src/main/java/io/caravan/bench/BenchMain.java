package io.caravan.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the bench harness: {@code bench} measures throughput, {@code faults} runs fault scenarios, {@code idle} measures memory with idle connections, {@code latency} latency at a fraction of the maximum rate, {@code soak} memory over time, {@code floor} the embedded broker alone, {@code lanes} the egress scheduler, {@code field} throughput with Postfix's smtp-source and smtp-sink. */
@Command(name = "caravan-bench", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.class, FaultsCommand.class, IdleCommand.class, LatencyCommand.class,
                SoakCommand.class, FloorCommand.class, LanesCommand.class, FieldCommand.class},
        description = "Benchmark and reliability harness for Caravan, Postfix and a ceiling, on loopback only.")
public final class BenchMain {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            TargetOptions.OPEN.forEach(Target::close);
            SmtpSinkProcess.OPEN.forEach(SmtpSinkProcess::close);
        }));
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
