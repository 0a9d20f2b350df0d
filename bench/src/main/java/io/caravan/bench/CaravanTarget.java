package io.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Caravan as the system under test: the jar started with a copy of a config directory, the Hawtio console
 * off, its mx listener on {@code smtpPort}, loopback trusted to relay, and a transport map that sends every
 * domain to the sink. Extra properties may be added ({@code ${smtpPort}} and {@code ${sinkPort}} are filled
 * in). A build whose port never answers 220 is reported as not measured instead of failing the run.
 */
final class CaravanTarget implements Target {
    private final Path jar;
    private final Path configSource;
    private final Path dir;
    private final int port;
    private final List<String> props;
    private final List<String> jvmArgs = new java.util.ArrayList<>();
    private final long startupMs;
    private final List<String> launcher;
    private final List<String> routes = new java.util.ArrayList<>();
    private Path dataDir;
    private Process process;
    private int sinkPort;

    /** @param launcher what the java command starts with (taskset with --pin) */
    CaravanTarget(Path jar, Path configSource, Path workDir, int port, List<String> props, long startupMs,
                  List<String> launcher) {
        this.jar = jar.toAbsolutePath();
        this.configSource = configSource.toAbsolutePath();
        this.dir = workDir.resolve("caravan").toAbsolutePath();
        this.port = port;
        this.props = new java.util.ArrayList<>(props);
        this.startupMs = startupMs;
        this.launcher = List.copyOf(launcher);
        this.dataDir = dir.resolve("data");
    }

    /** Puts the data directory (broker journal) elsewhere, e.g. on a size-limited filesystem; before start. */
    CaravanTarget dataDir(Path data) {
        this.dataDir = data.toAbsolutePath();
        return this;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Adds caravan.properties lines (as --caravan-prop does); before start. */
    CaravanTarget props(String... lines) {
        props.addAll(List.of(lines));
        return this;
    }

    /**
     * Adds transport map lines before the catch-all to the sink (e.g. a domain sent to another sink);
     * {@code ${sinkPort}} is filled in; before start.
     */
    CaravanTarget transport(String... lines) {
        routes.addAll(List.of(lines));
        return this;
    }

    /** Adds JVM options for Caravan's process (e.g. a GC log); before start. */
    CaravanTarget jvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    /** The config directory Caravan's copy is made from (broker.xml for an external broker comes from here). */
    Path configSource() {
        return configSource;
    }

    Path dir() {
        return dir;
    }

    Path jar() {
        return jar;
    }

    @Override
    public String name() {
        return "caravan";
    }

    @Override
    public String start(int sinkPort) throws Exception {
        this.sinkPort = sinkPort;
        if (!Files.isRegularFile(jar)) {
            return "not measured (no jar at " + jar + ")";
        }
        PostfixTarget.deleteTree(dir);
        Path config = dir.resolve("config");
        Files.createDirectories(dataDir);
        copyTree(configSource, config);
        // the load comes from 127.0.0.1 and relays: trust loopback, send everything to the sink,
        // and lift the per-client limits that would otherwise meter one busy client address; no banner
        // delay either, as the Postfix baseline runs smtpd without postscreen
        Files.writeString(config.resolve("trusted-networks"), "127.0.0.0/8\n");
        StringBuilder transport = new StringBuilder();
        for (String r : routes) {
            transport.append(r.replace("${sinkPort}", Integer.toString(sinkPort))).append('\n');
        }
        Files.writeString(config.resolve("transport"), transport + "* smtp:[127.0.0.1]:" + sinkPort + "\n");
        sameConcurrencyAsPostfix(config.resolve("shaping.yaml"));
        StringBuilder extra = new StringBuilder("\n# bench\ncaravan.console.enabled=false\n"
                + "caravan.smtp.mx.bind=127.0.0.1\ncaravan.smtp.mx.port=" + port + "\n"
                + "caravan.smtp.submission.enabled=false\n"
                + "caravan.smtp.guard.max-connections-per-client=0\n"
                + "caravan.smtp.guard.connection-rate-per-client=0\n"
                + "caravan.smtp.guard.message-rate-per-client=0\n"
                + "caravan.smtp.guard.greet-delay=0s\n"
                + "caravan.egress.consumers=20\n"
                // retry timers as short as the Postfix baseline's, so the fault runs drain in comparable time
                + "caravan.retry.initial=10s\ncaravan.retry.cap=10s\ncaravan.retry.jitter=0\n");
        for (String p : props) {
            extra.append(p.replace("${smtpPort}", Integer.toString(port))
                    .replace("${sinkPort}", Integer.toString(sinkPort))).append('\n');
        }
        Files.writeString(config.resolve("caravan.properties"), extra.toString(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return launch();
    }

    /**
     * The sink is one destination reached from one source; the shipped shaping defaults allow 5 concurrent
     * deliveries per source there, a politeness limit for real receivers. The Postfix baseline delivers to the
     * sink with 20 in parallel, so Caravan gets the same 20 (and 20 egress consumers, see {@link #start}).
     */
    private static void sameConcurrencyAsPostfix(Path shaping) throws IOException {
        String text = Files.readString(shaping);
        String limited = text.replaceFirst("(?m)^  max_connections_per_source: \\d+$", "  max_connections_per_source: 20");
        if (limited.equals(text)) {
            throw new IOException("no defaults.max_connections_per_source line in " + shaping);
        }
        Files.writeString(shaping, limited);
    }

    /**
     * jvm.options finds the broker's AIO wrapper at target/native from the checkout's root; Caravan runs here in
     * its own directory, so the path is given again, beside the jar as the build lays it out (target/caravan.jar,
     * target/native). Without the wrapper the broker journals with NIO.
     */
    static String nativeLibraryPath(Path jar) {
        return "-Djava.library.path=" + jar.toAbsolutePath().getParent().resolve("native");
    }

    /**
     * The start of a command that runs a JVM as Caravan's is run: the launcher (taskset with --pin), java, the JVM
     * options operators are told to run with (README) when {@code jvmOptions} exists, the broker's AIO wrapper beside
     * the jar, then {@code jvmArgs}, which come after the file's and win.
     */
    static List<String> java(List<String> launcher, Path jvmOptions, Path jar, List<String> jvmArgs) {
        List<String> cmd = new java.util.ArrayList<>(launcher);
        cmd.add("java");
        if (Files.isRegularFile(jvmOptions)) {
            cmd.add("@" + jvmOptions.toAbsolutePath());
        }
        cmd.add(nativeLibraryPath(jar));
        cmd.addAll(jvmArgs);
        return cmd;
    }

    private String launch() throws Exception {
        Path log = dir.resolve("caravan.log");
        List<String> cmd = java(launcher, dir.resolve("config").resolve("jvm.options"), jar, jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(),
                "--config", dir.resolve("config").toString(), "--data", dataDir.toString()));
        process = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (SmtpProbe.awaitBanner(port, startupMs, process::isAlive)) {
            return null;
        }
        String why = process.isAlive()
                ? "no SMTP ingress in this build (port " + port + " never answered 220 in " + startupMs / 1000 + " s)"
                : "Caravan exited with " + process.exitValue() + " before its SMTP port opened; last log line: "
                  + lastLine(log);
        close();
        return why;
    }

    @Override
    public int smtpPort() {
        return port;
    }

    @Override
    public Long pid() {
        return process != null && process.isAlive() ? process.pid() : null;
    }

    @Override
    public void kill9() throws Exception {
        if (process != null) {
            for (long p : ProcessWatch.tree(process.pid())) {
                new ProcessBuilder("kill", "-9", Long.toString(p)).start().waitFor();
            }
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String restart() throws Exception {
        return launch();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        Processes.stop(process, Duration.ofSeconds(40));
        process = null;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path src : walk.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }
}
