package io.caravan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Postfix baseline: a private instance (its own config, queue and data directories under the work
 * directory, listening on 127.0.0.1 on a non-default port) relaying everything to the sink through its
 * durable queue. The system-wide Postfix is never touched. Postfix logs to syslog by default; this instance
 * logs to a file through postlogd (maillog_file, Postfix 3.4+), and failures of check/start quote that file.
 */
final class PostfixTarget implements Target {
    private final Path dir;
    private final int port;
    private final PostfixConfig config;
    private final List<String> launcher;

    /** @param launcher what the postfix command starts with (taskset with --pin); its daemons inherit it */
    PostfixTarget(Path workDir, int port, PostfixConfig config, List<String> launcher) {
        this.dir = workDir.resolve("postfix").toAbsolutePath();
        this.port = port;
        this.config = config;
        this.launcher = List.copyOf(launcher);
    }

    @Override
    public String name() {
        return "postfix";
    }

    Path etc() {
        return dir.resolve("etc");
    }

    Path maillog() {
        return dir.resolve("maillog");
    }

    /** main.cf, then master.cf, as written for this run without comment and blank lines: what a report publishes. */
    List<String> settings() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String file : List.of("main.cf", "master.cf")) {
            for (String line : Files.readAllLines(etc().resolve(file))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    @Override
    public String start(int sinkPort) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
            return "postfix is not installed (bench/setup.sh installs it)";
        }
        deleteTree(dir);
        Files.createDirectories(etc());
        Files.createDirectories(dir.resolve("queue"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(etc().resolve("main.cf"), config.mainCf(dir, port, sinkPort));
        Files.writeString(etc().resolve("master.cf"), config.masterCf(port));
        Files.writeString(maillog(), "");
        // the data directory (master.lock, caches) belongs to mail_owner; the queue is fixed up by postfix check
        new ProcessBuilder("chown", "postfix", dir.resolve("data").toString()).inheritIO().start().waitFor();
        Result check = postfix("check");
        if (check.code != 0) {
            return "postfix check failed: " + check.output + tail(maillog());
        }
        return startOnly();
    }

    private String startOnly() throws Exception {
        Result start = postfix("start");
        if (start.code != 0) {
            return "postfix start failed: " + start.output + tail(maillog());
        }
        if (!SmtpProbe.awaitBanner(port, 30_000, () -> true)) {
            return "postfix started but port " + port + " never answered 220" + tail(maillog());
        }
        return null;
    }

    @Override
    public int smtpPort() {
        return port;
    }

    @Override
    public Long pid() {
        try {
            String s = Files.readString(dir.resolve("queue/pid/master.pid")).trim();
            long pid = Long.parseLong(s);
            return Files.exists(Path.of("/proc", s)) ? pid : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void kill9() throws Exception {
        Long pid = pid();
        if (pid == null) {
            return;
        }
        List<Long> tree = ProcessWatch.tree(pid);
        for (long p : tree) {
            new ProcessBuilder("kill", "-9", Long.toString(p)).start().waitFor();
        }
        waitGone(tree, 10_000);
    }

    @Override
    public String restart() throws Exception {
        return startOnly();
    }

    @Override
    public void close() {
        Long pid = pid();
        if (pid == null) {
            return; // never started, already stopped, or killed
        }
        try {
            postfix("stop");
            if (pid != null) {
                List<Long> tree = ProcessWatch.tree(pid);
                if (!waitGone(tree, 15_000)) {
                    for (long p : tree) {
                        new ProcessBuilder("kill", "-9", Long.toString(p)).start().waitFor();
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("postfix stop: " + e.getMessage());
        }
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("postconf", "-d", "-h", "mail_version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? v : "unknown";
        } catch (Exception e) {
            return "not installed";
        }
    }

    private record Result(int code, String output) {}

    private Result postfix(String verb) throws Exception {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("/usr/sbin/postfix", "-c", etc().toString(), verb));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean waitGone(List<Long> pids, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline) {
            if (pids.stream().noneMatch(p -> Files.exists(Path.of("/proc", Long.toString(p))))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            return last.isEmpty() ? "" : "\n  maillog: " + String.join("\n  maillog: ", last);
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
