package io.caravan.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * field.md: one table per connection mode with Postfix, Caravan, their ratio and the ceiling side by side, then the
 * commands that made the load and the sink, and Postfix's main.cf and master.cf as the run wrote them, so each
 * figure is read beside what produced it.
 */
final class FieldReport {
    private FieldReport() {
    }

    /** What the run did besides its results: its id, the load, and what Postfix and the field tools ran with. */
    record Setup(String runId, RunInfo info, long warmup, List<String> modes, Map<String, String> commands,
                 List<String> postfixSettings) {}

    /** Caravan ÷ Postfix for each mode and figure both have. */
    static Map<String, Double> ratios(List<FieldResult> results) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (String mode : results.stream().map(FieldResult::mode).distinct().toList()) {
            FieldResult p = find(results, "postfix", mode);
            FieldResult c = find(results, "caravan", mode);
            if (p == null || c == null || !p.measured() || !c.measured()) {
                continue;
            }
            put(r, mode + " caravan/postfix ingress", c.ingressRate(), p.ingressRate());
            put(r, mode + " caravan/postfix end-to-end", c.endToEndRate(), p.endToEndRate());
            put(r, mode + " caravan/postfix CPU per message", c.cpuMsPerMessage(), p.cpuMsPerMessage());
            put(r, mode + " caravan/postfix peak RSS", c.peakRssMb(), p.peakRssMb());
        }
        return r;
    }

    private static void put(Map<String, Double> r, String key, Double a, Double b) {
        if (a != null && b != null && b > 0) {
            r.put(key, a / b);
        }
    }

    static String markdown(Setup s, List<FieldResult> results) {
        RunInfo info = s.info();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s (%s), mode %s: Postfix's smtp-source sent %d messages over %d "
                        + "sessions (a %d-byte body under smtp-source's own headers) to each system in each connection "
                        + "mode, after a warm-up of %d in every mode; each system relayed them to Postfix's smtp-sink. The "
                        + "ceiling is smtp-source straight into smtp-sink. Machine: %s, %d MiB RAM; %s; Postfix %s.%n%n",
                s.runId(), info.date(), info.mode(), info.messages(), info.connections(), info.sizeBytes(), s.warmup(),
                info.cpus(), info.memoryMb(), info.java(), info.postfix()));
        b.append("Ingress: messages accepted (smtp-source's count of completed DATA) ÷ the time from smtp-source's "
                 + "start to its exit. End-to-end: messages counted by smtp-sink ÷ the time from smtp-source's start "
                 + "to the sink's last count (for the ceiling it can beat ingress: the sink counts a message before smtp-source "
                 + "reads its 250 and exits). CPU ms/msg: user + system CPU of the system's process tree ÷ accepted. "
                 + "Peak RSS and PSS: summed over the tree. smtp-sink counts messages, not message ids: a loss or "
                 + "a duplicate shows only as delivered ≠ accepted.\n");
        for (String mode : s.modes()) {
            FieldMode m = FieldMode.of(mode);
            b.append("\n### ").append(Character.toUpperCase(m.description().charAt(0)))
             .append(m.description().substring(1)).append("\n\n");
            FieldResult p = find(results, "postfix", mode);
            FieldResult c = find(results, "caravan", mode);
            FieldResult ceiling = find(results, "ceiling", mode);
            b.append("| | Postfix | Caravan | Caravan ÷ Postfix | ceiling |\n|---|---:|---:|---:|---:|\n");
            row(b, "accepted", p, c, ceiling, r -> (double) r.accepted(), "%.0f", false);
            row(b, "delivered", p, c, ceiling, r -> (double) r.delivered(), "%.0f", false);
            row(b, "ingress msg/s", p, c, ceiling, FieldResult::ingressRate, "%.0f", true);
            row(b, "end-to-end msg/s", p, c, ceiling, FieldResult::endToEndRate, "%.0f", true);
            row(b, "CPU ms/msg", p, c, ceiling, FieldResult::cpuMsPerMessage, "%.3f", true);
            row(b, "peak RSS MiB", p, c, ceiling, FieldResult::peakRssMb, "%.0f", true);
            row(b, "peak PSS MiB", p, c, ceiling, FieldResult::peakPssMb, "%.0f", true);
            for (FieldResult r : results) {
                if (r.mode().equals(mode) && (!r.measured() || !r.note().isEmpty())) {
                    b.append("\n- ").append(r.system()).append(r.measured() ? ": " : ": not measured: ")
                     .append(r.note().replace("\n", " "));
                }
            }
            b.append('\n');
        }
        b.append("\nCommands (the port is each system's, or the sink's for the ceiling):\n\n");
        s.commands().forEach((what, cmd) -> b.append("- ").append(what).append(": `").append(cmd).append("`\n"));
        b.append('\n');
        if (s.postfixSettings().isEmpty()) {
            b.append("Postfix was not started in this run, so it has no settings to show.\n");
        } else {
            b.append("Postfix's settings in this run (main.cf, then master.cf, as `PostfixConfig.java` wrote them; "
                     + "comments left out):\n\n```\n");
            s.postfixSettings().forEach(l -> b.append(l).append('\n'));
            b.append("```\n");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String label, FieldResult p, FieldResult c, FieldResult ceiling,
                            Function<FieldResult, Double> figure, String format, boolean ratio) {
        Double pv = value(p, figure);
        Double cv = value(c, figure);
        String r = ratio && pv != null && cv != null && pv > 0 ? String.format(Locale.ROOT, "%.2f", cv / pv) : "";
        b.append("| ").append(label).append(" | ").append(cell(p, pv, format)).append(" | ").append(cell(c, cv, format))
         .append(" | ").append(r).append(" | ").append(cell(ceiling, value(ceiling, figure), format)).append(" |\n");
    }

    private static Double value(FieldResult r, Function<FieldResult, Double> figure) {
        return r == null || !r.measured() ? null : figure.apply(r);
    }

    private static String cell(FieldResult r, Double v, String format) {
        if (r == null) {
            return "not run";
        }
        if (!r.measured()) {
            return "not measured";
        }
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static FieldResult find(List<FieldResult> results, String system, String mode) {
        return results.stream().filter(r -> r.system().equals(system) && r.mode().equals(mode)).findFirst()
                .orElse(null);
    }
}
