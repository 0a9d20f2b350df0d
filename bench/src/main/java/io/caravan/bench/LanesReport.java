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
                        + "| %s (%s ÷ %s msg/s) | within 10 %% |%n", open.get("messages"), num(open.get("ratio"), "%.3f"),
                num(open.get("besideBacklogEndToEnd"), "%.0f"), num(open.get("aloneEndToEnd"), "%.0f")));
        b.append(String.format(Locale.ROOT, "| throttled release over the window's last %s s | %s/min (%s of %s/min) "
                        + "| ±5 %% |%n", release.get("seconds"), num(release.get("perMinute"), "%.1f"),
                pct(release.get("deviation")), release.get("limitPerMinute")));
        if (Boolean.TRUE.equals(susp.get("measured"))) {
            Map<String, Object> l = (Map<String, Object>) susp.get("load");
            b.append(String.format(Locale.ROOT, "| CPU while %s messages wait for a suspended provider (%s s) "
                            + "| %s %% of one core | < 5 %% |%n", susp.get("accepted"),
                    num(susp.get("idleSeconds"), "%.0f"), num(susp.get("cpuPercentOfOneCore"), "%.2f")));
            b.append(String.format(Locale.ROOT, "| RSS of Caravan then | %s MiB | (not a target here) |%n",
                    num(susp.get("rssMb"), "%.0f")));
            b.append(String.format(Locale.ROOT, "| peak RSS of Caravan since its start, the fill included (VmHWM) "
                    + "| %s MiB | < 512 MiB |%n", num(susp.get("peakRssMb"), "%.0f")));
            if (susp.get("heap") instanceof com.fasterxml.jackson.databind.JsonNode h) {
                b.append(String.format(Locale.ROOT, "| heap of Caravan then: used / committed / max | %.0f / %.0f / "
                                + "%.0f MiB | |%n", h.path("used").asDouble() / 1048576,
                        h.path("committed").asDouble() / 1048576, h.path("max").asDouble() / 1048576));
            }
            if (susp.get("brokerStoreMb") instanceof Map<?, ?> stores && !stores.isEmpty()) {
                StringBuilder sizes = new StringBuilder();
                stores.forEach((k, v) -> sizes.append(sizes.length() == 0 ? "" : ", ").append(k).append(' ')
                        .append(num(v, "%.0f")).append(" MiB"));
                b.append("| the broker's stores on disk then | ").append(sizes).append(" | |\n");
            }
            b.append(String.format(Locale.ROOT, "%nDuring the CPU interval while suspended: %s stores on lanes and "
                            + "caravan.delivery (all queues: %s), %s refusals at the sink.%n",
                    susp.get("storesOnLanesAndDeliveryDuringIdle"), susp.get("storesByQueueDuringIdle"),
                    susp.get("sinkRefusalsDuringIdle")));
            if (l != null && ((Number) l.get("failed")).longValue() > 0) {
                b.append(String.format(Locale.ROOT, "Of the %s messages sent for the suspended provider %s were not "
                        + "accepted (first client error: %s).%n", set.get("suspendedMessages"), l.get("failed"), l.get("firstError")));
            }
        } else {
            b.append("| CPU while suspended | not measured: ").append(susp.get("note")).append(" | < 5 % |\n");
        }
        b.append(String.format(Locale.ROOT, "In the window: stores by queue %s; the throttled lane stored %s messages "
                        + "again for %s of its own delivered (its backlog was stored before the window); duplicates at "
                        + "the sink: %s.%n", sends.get("storesByQueue"), sends.get("throttledLaneStoresInWindow"),
                sends.get("deliveredThrottled"), json.get("duplicates")));
        lanes(b, "Lanes at the window's end", json.get("lanesAtWindowEnd"));
        if (Boolean.TRUE.equals(susp.get("measured"))) {
            lanes(b, "Lanes after the CPU interval while suspended", susp.get("lanes"));
            sources(b, "Sources after the CPU interval while suspended", susp.get("sources"));
            Object s = susp.get("suspensions");
            b.append("\nSuspensions in force then: ").append(s instanceof com.fasterxml.jackson.databind.JsonNode n ? n.size() : "n/a")
             .append(".\n");
        }
        return b.toString();
    }

    /** The JMX Lanes attribute as a table. */
    private static void lanes(StringBuilder b, String title, Object lanes) {
        if (!(lanes instanceof com.fasterxml.jackson.databind.JsonNode list)) {
            return;
        }
        b.append('\n').append(title).append(" (JMX io.caravan:type=Lanes):\n\n")
         .append("| lane | messages | ready | scheduled | in flight | taken | held | waits for |\n")
         .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (com.fasterxml.jackson.databind.JsonNode l : list) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s |%n", l.path("queue").asText(),
                    l.path("messages").asLong(), l.path("ready").asLong(), l.path("scheduled").asLong(),
                    l.path("inFlight").asLong(), l.path("taken").asLong(), l.path("held").asLong(),
                    l.path("waitsFor").asText()));
        }
    }

    /** The JMX Sources attribute (one row per source × provider) as a table. */
    private static void sources(StringBuilder b, String title, Object rows) {
        if (!(rows instanceof com.fasterxml.jackson.databind.JsonNode list) || !list.elements().hasNext()) {
            return;
        }
        b.append('\n').append(title).append(" (JMX io.caravan:type=Lanes):\n\n")
         .append("| source | provider | messages | ready | oldest s | next release | waits for | attempts |\n")
         .append("|---|---|---:|---:|---:|---|---|---:|\n");
        for (com.fasterxml.jackson.databind.JsonNode r : list) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %d |%n", r.path("source").asText(),
                    r.path("provider").asText(), r.path("messages").asLong(), r.path("ready").asLong(),
                    r.path("oldestSeconds").asLong(), r.path("nextRelease").asText(), r.path("waitsFor").asText(),
                    r.path("attempts").asLong()));
        }
    }

    private static String num(Object v, String f) {
        return v instanceof Number n ? String.format(Locale.ROOT, f, n.doubleValue()) : "n/a";
    }

    private static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%+.1f %%", 100 * n.doubleValue()) : "n/a";
    }
}
