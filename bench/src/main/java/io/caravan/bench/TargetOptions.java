package io.caravan.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options shared by bench and faults: where things live and how each target is started. */
final class TargetOptions {
    @Option(names = "--work", description = "Work directory for Postfix and Caravan state (default ${DEFAULT-VALUE}).")
    Path work = Path.of("bench/work");

    @Option(names = "--results", description = "Where result directories go (default ${DEFAULT-VALUE}).")
    Path results = Path.of("bench/results");

    @Option(names = "--sink-port", description = "Port of the counting sink; 0 picks a free one.")
    int sinkPort = 0;

    @Option(names = "--postfix-port", description = "smtpd port of the private Postfix instance (default ${DEFAULT-VALUE}).")
    int postfixPort = 10025;

    @Option(names = "--caravan-jar", description = "Caravan jar (default ${DEFAULT-VALUE}).")
    Path caravanJar = Path.of("target/caravan.jar");

    @Option(names = "--caravan-config", description = "Config directory copied for Caravan (default ${DEFAULT-VALUE}).")
    Path caravanConfig = Path.of("config");

    @Option(names = "--caravan-port", description = "Port Caravan's SMTP ingress listens on (default ${DEFAULT-VALUE}).")
    int caravanPort = 10026;

    @Option(names = "--caravan-prop", description = "Extra caravan.properties line, repeatable; ${smtpPort} and "
            + "${sinkPort} are filled in, e.g. caravan.smtp.listen=127.0.0.1:${smtpPort}.")
    List<String> caravanProps = new ArrayList<>();

    @Option(names = "--caravan-jvm", description = "Extra JVM option for Caravan's process, repeatable, e.g. "
            + "-XX:+UseSerialGC or -XX:StartFlightRecording=...; the default is none (plain java -jar).")
    List<String> caravanJvm = new ArrayList<>();

    @Option(names = "--caravan-startup", description = "Seconds to wait for Caravan's 220 banner (default ${DEFAULT-VALUE}).")
    long caravanStartupSeconds = 60;

    @Option(names = "--pin", description = "Run Postfix and Caravan on the first half of the CPUs and the harness "
            + "(load generator and sink) on the rest, so they do not share CPUs.")
    boolean pin;

    /** How the private Postfix is configured; the idle run raises its process limits. */
    PostfixConfig postfixConfig = PostfixConfig.defaults();

    /** Targets created in this JVM; a shutdown hook stops them so an interrupted run leaves no process. */
    static final java.util.Set<Target> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Pinning pinning;

    /** Where targets and the harness run; the first call moves the harness to its CPUs. */
    Pinning pinning() throws Exception {
        if (pinning == null) {
            pinning = pin ? Pinning.halves(Runtime.getRuntime().availableProcessors()) : Pinning.NONE;
            pinning.pinHarness();
        }
        return pinning;
    }

    Target target(String name) throws Exception {
        Target t = create(name, pinning());
        OPEN.add(t);
        return t;
    }

    private Target create(String name, Pinning cpus) {
        return switch (name) {
            case "ceiling" -> new CeilingTarget();
            case "postfix" -> new PostfixTarget(work, postfixPort, postfixConfig, cpus.launcher());
            case "caravan" -> new CaravanTarget(caravanJar, caravanConfig, work, caravanPort, caravanProps,
                    caravanStartupSeconds * 1000, cpus.launcher()).jvmArgs(caravanJvm.toArray(String[]::new));
            default -> throw new IllegalArgumentException("unknown system " + name + " (ceiling, postfix, caravan)");
        };
    }
}
