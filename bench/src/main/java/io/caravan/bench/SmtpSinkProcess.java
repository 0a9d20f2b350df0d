package io.caravan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix's smtp-sink as the next hop of the field run: it takes mail on a loopback port and throws it away. With
 * {@code -c} it prints running counters on its standard output ({@code sess=N quit=N mesg=N}, one update per
 * carriage return), and {@code mesg} goes up each time a final dot is received; the harness reads that counter as it
 * changes and notes when. Arrivals are counted from the counter rather than from dump files ({@code -d}): writing each
 * message to disk would make the sink the slowest part, as its man page warns. The counter cannot tell messages apart,
 * so a loss or a duplicate shows only as a count below or above what the relay accepted.
 */
final class SmtpSinkProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");
    /** Sinks running in this JVM; BenchMain's shutdown hook stops them. */
    static final Set<SmtpSinkProcess> OPEN = ConcurrentHashMap.newKeySet();
    private static final Pattern MESG = Pattern.compile("\\bmesg=(\\d+)");

    private final int port;
    private final Process process;
    private final Path pidFile;
    private volatile long messages;
    private volatile long lastArrivalNanos;

    private SmtpSinkProcess(int port, Process process, Path pidFile) {
        this.port = port;
        this.pidFile = pidFile;
        this.process = process;
        Thread reader = new Thread(this::readCounters, "smtp-sink-counter");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The command line: counters on, the name the relays see in its greeting, at most 256 connections at once (its
     * default) and a listen backlog as large. Run as root it must be told which user to become ({@code -u}).
     */
    static List<String> command(List<String> launcher, int port, boolean root) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(BINARY.toString());
        cmd.add("-c");
        if (root) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        cmd.addAll(List.of("-h", "sink.bench.test", "127.0.0.1:" + port, "256"));
        return cmd;
    }

    /**
     * Starts smtp-sink on {@code port} and waits for its banner. Its standard error goes to smtp-sink.log in
     * {@code dir} and its pid to smtp-sink.pid there, for bench/run.sh to stop it should this JVM be killed; a
     * shutdown hook stops it otherwise.
     */
    static SmtpSinkProcess start(List<String> launcher, int port, Path dir) throws Exception {
        Process p = new ProcessBuilder(command(launcher, port, isRoot()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("smtp-sink.log").toFile())).start();
        Path pidFile = dir.resolve("smtp-sink.pid");
        Files.writeString(pidFile, p.pid() + "\n");
        SmtpSinkProcess sink = new SmtpSinkProcess(port, p, pidFile);
        OPEN.add(sink);
        if (!SmtpProbe.awaitBanner(port, 10_000, p::isAlive)) {
            sink.close();
            throw new IOException("smtp-sink did not answer 220 on port " + port + " (see " + dir.resolve("smtp-sink.log") + ")");
        }
        return sink;
    }

    /** The {@code mesg} count of one counter update, or -1 when the text holds none. */
    static long parseMessages(String update) {
        Matcher m = MESG.matcher(update);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void readCounters() {
        StringBuilder line = new StringBuilder();
        try (InputStream in = process.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = (char) buf[i];
                    if (c == '\r' || c == '\n') {
                        update(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the sink was stopped
        }
    }

    private void update(String text) {
        long m = parseMessages(text);
        if (m > messages) {
            lastArrivalNanos = System.nanoTime();
            messages = m;
        }
    }

    int port() {
        return port;
    }

    /** A command as the report shows it: the binary on, the port a placeholder. */
    static String commandLine(List<String> cmd) {
        return String.join(" ", cmd.subList(cmd.indexOf(BINARY.toString()), cmd.size()))
                .replaceAll("127\\.0\\.0\\.1:\\d+ ", "127.0.0.1:<port> ");
    }

    /** smtp-sink refuses to run as root unless told which user to become. */
    static boolean isRoot() {
        return "root".equals(ProcessHandle.current().info().user().orElse(""));
    }

    /** Messages received since start. */
    long messages() {
        return messages;
    }

    /** System.nanoTime() when the count last went up; 0 before the first message. */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /**
     * Waits until the count reaches {@code target}, or nothing more arrived for {@code quietMs}, or {@code maxMs}
     * passed; answers the count then.
     */
    long awaitMessages(long target, long quietMs, long maxMs) throws InterruptedException {
        long start = System.nanoTime();
        long seen = messages;
        long lastProgress = start;
        while (messages < target) {
            long now = System.nanoTime();
            if (messages != seen) {
                seen = messages;
                lastProgress = now;
            }
            if (now - lastProgress > quietMs * 1_000_000L || now - start > maxMs * 1_000_000L || !process.isAlive()) {
                break;
            }
            Thread.sleep(10);
        }
        return messages;
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(5));
        OPEN.remove(this);
        try {
            Files.deleteIfExists(pidFile); // a stale pid could name another process by the time run.sh reads it
        } catch (IOException e) {
            // the file stays behind until the next start overwrites it
        }
    }
}
