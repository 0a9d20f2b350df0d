package io.caravan.bench;

import java.util.Locale;
import java.util.Map;

/** The lanes run as a Markdown summary: each measure, its figure and its target. */
final class LanesReport {
    private LanesReport() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> json) {
        RunInfo info = (RunInfo) json.get("run");
        Map<String, Object> set = (Map<String, Object>) json.get("settings");
        Map<String, Object> sends = (Map<String, Object>) json.get("sends");
        Map<String, Object> open = (Map<String, Object>) json.get("open");
        Map<String, Object> release = (Map<String, Object>) json.get("release");
        Map<String, Object> susp = (Map<String, Object>) json.get("suspended");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Lanes run %s, mode %s: %s messages of %d bytes over %d connections; "
                        + "machine: %s, %d MiB RAM; %s.%n%n", info.date(), info.mode(), set.get("throttledMessages"),
                info.sizeBytes(), info.connections(), info.cpus(), info.memoryMb(), info.java()));
        b.append("| measure | figure | target |\n|---|---:|---|\n");
        b.append(String.format(Locale.ROOT, "| broker stores per delivered message (%s s window, %s queued at %s/min) "
                        + "| %s (%s stores / %s delivered) | ≤ 1.2 |%n", set.get("windowSeconds"),
                set.get("throttledMessages"), set.get("limitPerMinute"), num(sends.get("sendsPerDelivered"), "%.3f"),
                sends.get("storesOnLanesAndDelivery"), sends.get("deliveredInWindow")));
        b.append(String.format(Locale.ROOT, "| open destination end to end, beside the backlog ÷ alone (%s messages) "
                        + "| %s (%s ÷ %s msg/s) | ≥ 0.90 |%n", open.get("messages"), num(open.get("ratio"), "%.3f"),
                num(open.get("besideBacklogEndToEnd"), "%.0f"), num(open.get("aloneEndToEnd"), "%.0f")));
        b.append(String.format(Locale.ROOT, "| throttled release over the window's last %s s | %s/min (%s of %s/min) "
                        + "| ±5 %% |%n", release.get("seconds"), num(release.get("perMinute"), "%.1f"),
                pct(release.get("deviation")), release.get("limitPerMinute")));
        if (Boolean.TRUE.equals(susp.get("measured"))) {
            b.append(String.format(Locale.ROOT, "| CPU while %s messages wait for a suspended provider (%s s) "
                            + "| %s %% of one core | < 5 %% |%n", susp.get("accepted"),
                    num(susp.get("idleSeconds"), "%.0f"), num(susp.get("cpuPercentOfOneCore"), "%.2f")));
            b.append(String.format(Locale.ROOT, "| RSS of Caravan then | %s MiB | (not a target here) |%n",
                    num(susp.get("rssMb"), "%.0f")));
            b.append(String.format(Locale.ROOT, "%nWhile suspended: %s broker stores and %s refusals at the sink "
                    + "during the CPU interval.%n", susp.get("brokerStoresDuringIdle"), susp.get("sinkRefusalsDuringIdle")));
        } else {
            b.append("| CPU while suspended | not measured: ").append(susp.get("note")).append(" | < 5 % |\n");
        }
        b.append(String.format(Locale.ROOT, "Stores in the window by queue: %s; duplicates at the sink: %s.%n",
                sends.get("storesByQueue"), json.get("duplicates")));
        return b.toString();
    }

    private static String num(Object v, String f) {
        return v instanceof Number n ? String.format(Locale.ROOT, f, n.doubleValue()) : "n/a";
    }

    private static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%+.1f %%", 100 * n.doubleValue()) : "n/a";
    }
}
