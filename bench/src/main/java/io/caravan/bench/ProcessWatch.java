package io.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Samples the resource use of a process and all its descendants from /proc while a run goes on: peak
 * resident memory (the sum of VmHWM over the live processes, at its highest sample; for a multi-process
 * target this counts shared pages once per process, so the peak PSS is reported beside it) and CPU time (utime +
 * stime of the live processes plus cutime + cstime, i.e. the children they already reaped, so short-lived
 * workers such as Postfix's smtpd still count once).
 */
final class ProcessWatch implements AutoCloseable {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    /**
     * Pss is read on every fifth sample (once a second), RSS and CPU on every one. Reading smaps_rollup
     * walks the page tables of the watched process: every 200 ms it took about 3 % of this 2-core machine
     * (perf, kernel time of this thread), CPU taken from the system being measured. VmHWM keeps RSS's
     * peak exact whatever the interval; Pss's peak may be missed by up to a second.
     */
    private static final int PSS_EVERY = 5;

    private final Supplier<Long> rootPid;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHwmKb;
    private volatile long peakPssKb;
    private volatile long peakRssNowKb;
    private volatile int peakProcesses;
    private volatile long firstTicks = -1;
    private volatile long lastTicks;

    ProcessWatch(Supplier<Long> rootPid) {
        this.rootPid = rootPid;
        this.sampler = new Thread(this::loop, "proc-sampler");
        this.sampler.setDaemon(true);
    }

    ProcessWatch start() {
        sample();
        sampler.start();
        return this;
    }

    long peakRssKb() {
        return peakHwmKb;
    }

    /** Peak of the summed proportional set size: shared pages split between the processes that map them. */
    long peakPssKb() {
        return peakPssKb;
    }

    /** Peak of the summed current resident set (VmRSS), unlike {@link #peakRssKb} blind to earlier peaks. */
    long peakRssNowKb() {
        return peakRssNowKb;
    }

    int peakProcesses() {
        return peakProcesses;
    }

    double cpuMillis() {
        return firstTicks < 0 ? 0 : (lastTicks - firstTicks) * 1000.0 / TICKS_PER_SECOND;
    }

    /** Takes a last sample and stops sampling. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    private void loop() {
        for (long n = 1; running; n++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            sample(n % PSS_EVERY == 0);
        }
    }

    private void sample() {
        sample(true);
    }

    private synchronized void sample(boolean withPss) {
        Long root = rootPid.get();
        if (root == null) {
            return;
        }
        Usage u = usage(root, withPss);
        if (u == null) {
            return;
        }
        peakHwmKb = Math.max(peakHwmKb, u.hwmKb());
        peakPssKb = Math.max(peakPssKb, u.pssKb());
        peakRssNowKb = Math.max(peakRssNowKb, u.rssKb());
        peakProcesses = Math.max(peakProcesses, u.processes());
        if (firstTicks < 0) {
            firstTicks = u.ticks();
        }
        lastTicks = Math.max(lastTicks, u.ticks());
    }

    /** One reading of a process tree: summed VmRSS, VmHWM and Pss in KiB, CPU ticks, live process count. */
    record Usage(long rssKb, long hwmKb, long pssKb, long ticks, int processes) {}

    /** Reads the tree under {@code root} now; null when none of it is alive. */
    static Usage usage(long root) {
        return usage(root, true);
    }

    /** As {@link #usage(long)}; without Pss (reported as 0) when {@code withPss} is false. */
    static Usage usage(long root, boolean withPss) {
        long rss = 0;
        long hwm = 0;
        long pss = 0;
        long ticks = 0;
        int n = 0;
        for (long pid : tree(root)) {
            long[] cpu = cpuTicks(pid);
            if (cpu == null) {
                continue;
            }
            n++;
            ticks += cpu[0];
            rss += statusKb(pid, "status", "VmRSS:");
            hwm += statusKb(pid, "status", "VmHWM:");
            if (withPss) {
                pss += statusKb(pid, "smaps_rollup", "Pss:");
            }
        }
        return n == 0 ? null : new Usage(rss, hwm, pss, ticks, n);
    }

    /** The root and every process whose ancestry leads to it. */
    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                 .forEach(n -> {
                     long pid = Long.parseLong(n);
                     long ppid = parentOf(pid);
                     if (ppid > 0) {
                         children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                     }
                 });
        } catch (IOException e) {
            return List.of(root);
        }
        List<Long> out = new ArrayList<>();
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children.getOrDefault(out.get(i), List.of()));
        }
        return out;
    }

    private static String[] statFields(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces and parentheses: fields start after the last ')'
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long parentOf(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** utime+stime+cutime+cstime in clock ticks (fields 14..17 of /proc/pid/stat). */
    private static long[] cpuTicks(long pid) {
        String[] f = statFields(pid);
        if (f == null) {
            return null;
        }
        // f[0] is field 3 (state), so field k is f[k-3]
        long sum = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return new long[] {sum};
    }

    private static long statusKb(long pid, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
