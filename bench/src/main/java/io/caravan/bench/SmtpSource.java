package io.caravan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Postfix's smtp-source as the load of the field run: {@code messages} messages over {@code sessions} parallel SMTP
 * sessions, each a {@code size}-byte body under smtp-source's own From, To, Date, Message-Id and Subject headers.
 * It speaks HELO without pipelining, as its man page says, and stops at the first reply it did not expect, so a run
 * that exits 0 had every message accepted. Its {@code -c} counter (a number per completed DATA, one per carriage
 * return) says how far a failed run got.
 */
final class SmtpSource {
    static final Path BINARY = Path.of("/usr/sbin/smtp-source");

    private SmtpSource() {
    }

    /** One run as the harness saw it: the start and exit of the process around all the 250s. */
    record Run(long accepted, int exitCode, long startNanos, long endNanos, String error) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /**
     * The command line. {@code -N} numbers each recipient differently ({@code 1sink@...}, {@code 2sink@...}), which
     * the man page recommends as closer to real traffic than one recipient over and over; both relays route by domain.
     */
    static List<String> command(List<String> launcher, FieldMode mode, int port, int sessions, long messages, int size) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(BINARY.toString());
        cmd.add("-c");
        if (mode == FieldMode.REUSED) {
            cmd.add("-d");
        }
        cmd.addAll(List.of("-N", "-s", Integer.toString(sessions), "-m", Long.toString(messages),
                "-l", Integer.toString(size), "-M", "client.bench.test", "-f", MessageFactory.SENDER,
                "-t", MessageFactory.RECIPIENT, "-S", "field bench", "127.0.0.1:" + port));
        return cmd;
    }

    /** Runs {@code cmd}, its output in {@code dir}; kills it after {@code timeoutMs}. */
    static Run run(List<String> cmd, Path dir, long timeoutMs) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("smtp-source.out");
        Path err = dir.resolve("smtp-source.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        long end = System.nanoTime();
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long accepted = lastCount(Files.readString(out, StandardCharsets.ISO_8859_1));
        String error = done ? firstLine(err) : "smtp-source timed out after " + timeoutMs / 1000 + " s";
        return new Run(accepted, done ? p.exitValue() : -1, start, end, done && p.exitValue() == 0 ? null : error);
    }

    /** The last value of the {@code -c} counter in smtp-source's output, 0 when there is none. */
    static long lastCount(String output) {
        String[] parts = output.trim().split("[\r\n]+");
        for (int i = parts.length - 1; i >= 0; i--) {
            String s = parts[i].trim();
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
        }
        return 0;
    }

    /** The command as the report shows it: the binary on, the port a placeholder. */
    static String commandLine(List<String> cmd) {
        String s = String.join(" ", cmd.subList(cmd.indexOf(BINARY.toString()), cmd.size()));
        return s.replace("-S field bench", "-S 'field bench'").replaceAll("127\\.0\\.0\\.1:\\d+$", "127.0.0.1:<port>");
    }

    private static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return lines.isEmpty() ? "no message on standard error" : lines.get(0);
    }
}
