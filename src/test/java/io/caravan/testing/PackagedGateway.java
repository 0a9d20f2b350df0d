package io.caravan.testing;

import io.caravan.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/caravan.jar} started the way the README says, {@code java @config/jvm.options -jar caravan.jar},
 * in a directory of its own holding a copy of the shipped {@code config/}: the artifact an operator runs, not
 * the classes on the test class path. Its listeners get free loopback ports; a test adds its settings to the
 * copy's caravan.properties before {@link #start()}.
 */
public final class PackagedGateway implements AutoCloseable {

    public static final Path JAR = Path.of("target/caravan.jar").toAbsolutePath();

    private final Path root;
    private final int mxPort = ChildJvm.freePort();
    private final int submissionPort = ChildJvm.freePort();
    private final int consolePort = ChildJvm.freePort();
    private Process process;

    public PackagedGateway(Path root) {
        this.root = root;
        TestNode.copyTree(Path.of("config"), config());
        set("caravan.smtp.mx.bind", "127.0.0.1").set("caravan.smtp.mx.port", mxPort);
        set("caravan.smtp.submission.bind", "127.0.0.1").set("caravan.smtp.submission.port", submissionPort);
        set("caravan.console.port", consolePort);
        // no scenario may reach a real resolver: one that needs DNS sets its own loopback server
        set("caravan.dns.servers", "127.0.0.1:9").set("caravan.dns.timeout", "200ms").set("caravan.dns.retries", 0);
    }

    public Path config() {
        return root.resolve("config");
    }

    public int mxPort() {
        return mxPort;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public int consolePort() {
        return consolePort;
    }

    public PackagedGateway set(String key, Object value) {
        try (Writer out = Files.newBufferedWriter(config().resolve(Settings.FILE_NAME), StandardOpenOption.APPEND)) {
            out.write("\n" + key + " = " + value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Answers every DNS question of the gateway from this server on loopback. */
    public PackagedGateway dns(LoopbackDnsServer server) {
        return set("caravan.dns.servers", "127.0.0.1:" + server.port()).set("caravan.dns.timeout", "1s");
    }

    public PackagedGateway write(String configFile, String content) {
        try {
            Files.writeString(config().resolve(configFile), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Runs {@code java -jar caravan.jar ARGS} to its end, with {@code stdin} as its input; the exit code. */
    public int command(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("command.log").toFile()).start();
        p.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("caravan " + args[0] + " did not end");
        }
        return p.exitValue();
    }

    /** Starts the gateway and waits until it says it started, or fails with its log. */
    public PackagedGateway start() throws IOException, InterruptedException {
        launch();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!log().contains("started (")) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway did not start within 60 s:\n" + log());
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** Starts the gateway expecting it to refuse: its exit code once it has ended. */
    public int startExpectingExit() throws IOException, InterruptedException {
        launch();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway still running:\n" + log());
        }
        return process.exitValue();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(java(), "@config/jvm.options", "-jar", JAR.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(root.resolve("out.log").toFile())
                .start();
    }

    /** SIGTERM, then the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("gateway did not stop within 60 s:\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(root.resolve("out.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The first line of the log that holds every one of {@code parts}, once one does. */
    public String awaitLine(Duration timeout, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = log();
            java.util.Optional<String> line = log.lines()
                    .filter(l -> java.util.Arrays.stream(parts).allMatch(l::contains)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line with " + java.util.List.of(parts) + " in the log within " + timeout
                        + ":\n" + log);
            }
            Thread.sleep(50);
        }
    }

    /** Polls the log until it contains {@code text}; fails with the log after {@code timeout}. */
    public String awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String log = log();
        while (!log.contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in the log within " + timeout + ":\n" + log);
            }
            Thread.sleep(50);
            log = log();
        }
        return log;
    }

    /**
     * Submits one message to the mx listener over SMTP from {@code clientIp} (any 127.0.0.0/8 address):
     * the reply to the final dot, which names the queue id.
     */
    public String send(String clientIp, String from, List<String> to, String message) throws IOException {
        try (SmtpTestClient smtp = SmtpTestClient.connect(clientIp, new InetSocketAddress("127.0.0.1", mxPort))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<" + from + ">", 250);
            for (String rcpt : to) {
                smtp.cmd("RCPT TO:<" + rcpt + ">", 250);
            }
            smtp.cmd("DATA", 354);
            smtp.raw(message.replace("\r\n", "\n").replace("\n", "\r\n").replaceAll("(?m)^\\.", ".."));
            String done = smtp.cmd((message.endsWith("\n") ? "" : "\r\n") + ".", 250);
            smtp.cmd("QUIT", 221);
            return done;
        }
    }

    /** {@code caravan queue ARGS --user USER --password-stdin}, the password on standard input: its exit code. */
    public int queue(String user, String password, String... args) throws IOException, InterruptedException {
        String[] full = new String[args.length + 4];
        full[0] = "queue";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--user";
        full[args.length + 2] = user;
        full[args.length + 3] = "--password-stdin";
        return command(password, full);
    }

    /** The last command's output, or why there is none: for an assertion's message. */
    public String commandOutput() {
        try {
            return commandLog();
        } catch (IOException e) {
            return "(no command log: " + e + ")";
        }
    }

    public String commandLog() throws IOException {
        return Files.readString(root.resolve("command.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
