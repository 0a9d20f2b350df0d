package io.caravan.bench;

import java.util.List;
import java.util.Locale;

/** latency.md: the verdict per system (its median run) first, then every run with its slow transactions. */
final class LatencyReport {

    private LatencyReport() {
    }

    static String markdown(RunInfo info, double fraction, long secs, int runs, DiskSync before, DiskSync after,
                           List<LatencyResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode %s: each system is warmed up, then %d %s: %d messages of %d "
                        + "bytes over %d connections, sent closed-loop, find the maximum rate (messages delivered per "
                        + "second from the first send to the last arrival at the sink), then %.0f %% of it is offered "
                        + "open-loop for %d s. The verdict is the median run's p99. Machine: %s, %d MiB "
                        + "RAM; %s; Postfix %s.%n%n", info.date(), info.mode(), runs, runs == 1 ? "time" : "times",
                info.messages(), info.sizeBytes(), info.connections(), fraction * 100, secs, info.cpus(),
                info.memoryMb(), info.java(), info.postfix()));
        b.append(String.format(Locale.ROOT, "Disk: %d synchronous 8 KiB writes to the work directory took p50 %.2f ms, "
                        + "p99 %.2f ms before the runs and p50 %.2f ms, p99 %.2f ms after them.%n%n", before.writes(),
                before.p50Ms(), before.p99Ms(), after.p50Ms(), after.p99Ms()));
        List<LatencySummary> summaries = LatencySummary.of(results);
        b.append("| system | runs | max msg/s | offered msg/s | p50 ms | p99 ms | p99 lowest–highest ms "
                 + "| runs with p99 < 20 ms | p99 < 20 ms |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LatencySummary s : summaries) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.2f | %.2f | %.2f–%.2f | %d of %d | %s |%n",
                    s.system(), s.runs(), s.medianMaxRate(), s.medianOfferedRate(), s.medianP50Ms(),
                    s.medianP99Ms(), s.lowestP99Ms(), s.highestP99Ms(), s.runsMeetingTarget(), s.runs(),
                    s.meetsTarget() ? "yes" : "**no**"));
        }
        for (LatencyResult r : results) {
            if (!r.measured()) {
                b.append("| ").append(r.system()).append(" | not measured: ").append(r.note().replace("|", "\\|"))
                 .append(" | | | | | | | |\n");
            }
        }
        b.append(runs == 1 ? "\n" : "\nMedians over the runs (each of max, offered, p50 and p99 on its own).\n\n");
        LatencySummary c = find(summaries, "caravan");
        LatencySummary p = find(summaries, "postfix");
        if (c != null && p != null && p.medianP99Ms() > 0) {
            b.append(String.format(Locale.ROOT, "- caravan/postfix p99: %.2f%n- caravan/postfix max: %.2f%n%n",
                    c.medianP99Ms() / p.medianP99Ms(),
                    p.medianMaxRate() > 0 ? c.medianMaxRate() / p.medianMaxRate() : 0));
        }
        b.append("Every run:\n\n");
        b.append("| system | run | max msg/s | closed-loop ingress msg/s | offered msg/s | achieved msg/s | accepted "
                 + "| failed | missing | p50 ms | p99 ms | p99 from due ms | p99 < 20 ms |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LatencyResult r : results) {
            if (r.measured()) {
                b.append(String.format(Locale.ROOT,
                        "| %s | %d | %.0f | %.0f | %.1f | %.1f | %d | %d | %d | %.2f | %.2f | %.2f | %s |%n",
                        r.system(), r.run(), r.maxRate(), r.closedLoopIngressRate(), r.offeredRate(),
                        r.achievedRate(), r.accepted(), r.failed(), r.missing(), r.p50Ms(), r.p99Ms(), r.dueP99Ms(),
                        r.meetsTarget() ? "yes" : "**no**"));
            }
        }
        b.append('\n');
        for (LatencyResult r : results) {
            if (r.measured() && !r.note().isEmpty()) {
                b.append("- ").append(r.system()).append(" run ").append(r.run()).append(": ").append(r.note())
                 .append('\n');
            }
        }
        return b.toString();
    }

    private static LatencySummary find(List<LatencySummary> summaries, String name) {
        return summaries.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }
}
