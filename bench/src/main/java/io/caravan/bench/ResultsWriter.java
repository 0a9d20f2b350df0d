package io.caravan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a bench run as results.json, a Markdown table results.md and a bar chart results.png. */
final class ResultsWriter {
    private ResultsWriter() {
    }

    static void write(Path out, RunInfo info, List<SystemResult> results) throws IOException {
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", info);
        json.put("systems", results);
        json.put("ratios", ratios(results));
        json(out.resolve("results.json"), json);
        Files.writeString(out.resolve("results.md"), markdown(info, results));
        chart(out.resolve("results.png"), info, results);
    }

    /** Writes {@code value} as indented JSON. */
    static void json(Path file, Object value) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
    }

    /** Writes {@code name}.json and {@code name}.md into {@code out}, and prints the Markdown and where both went. */
    static void report(Path out, String name, Object json, String md) throws IOException {
        Files.createDirectories(out);
        json(out.resolve(name + ".json"), json);
        Files.writeString(out.resolve(name + ".md"), md);
        System.out.println();
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve(name + ".json") + ", " + name + ".md");
    }

    static Map<String, Double> ratios(List<SystemResult> results) {
        Map<String, Double> r = new LinkedHashMap<>();
        SystemResult caravan = find(results, "caravan");
        for (String base : List.of("ceiling", "postfix")) {
            SystemResult b = find(results, base);
            if (caravan != null && b != null && b.ingressRate() > 0) {
                r.put("caravan/" + base + " ingress", caravan.ingressRate() / b.ingressRate());
                r.put("caravan/" + base + " end-to-end", caravan.endToEndRate() / b.endToEndRate());
            }
        }
        return r;
    }

    private static SystemResult find(List<SystemResult> results, String name) {
        return results.stream().filter(s -> s.system().equals(name) && s.measured()).findFirst().orElse(null);
    }

    static String markdown(RunInfo info, List<SystemResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode %s: %d messages of %d bytes over %d connections; "
                        + "machine: %s, %d MiB RAM; %s; Postfix %s.%n%n", info.date(), info.mode(),
                info.messages(), info.sizeBytes(), info.connections(), info.cpus(), info.memoryMb(), info.java(),
                info.postfix()));
        b.append("| system | accepted | delivered | duplicates | missing | ingress msg/s | end-to-end msg/s "
                 + "| p50 ms | p99 ms | peak RSS MiB | peak PSS MiB | CPU ms/msg |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SystemResult s : results) {
            if (!s.measured()) {
                b.append("| ").append(s.system()).append(" | not measured: ")
                 .append(s.note().replace("|", "\\|").replace("\n", " "))
                 .append( " | | | | | | | | | | |\n");
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f | %.0f | %.2f | %.2f | %s | %s | %s |%n",
                    s.system(), s.accepted(), s.delivered(), s.duplicates(), s.missing(), s.ingressRate(),
                    s.endToEndRate(), s.p50Ms(), s.p99Ms(), fmt(s.peakRssMb(), "%.0f"), fmt(s.peakPssMb(), "%.0f"),
                    fmt(s.cpuMsPerMessage(), "%.3f")));
        }
        Map<String, Double> ratios = ratios(results);
        b.append('\n');
        if (ratios.isEmpty()) {
            boolean caravan = results.stream().anyMatch(r -> r.system().equals("caravan") && r.measured());
            b.append("Caravan ÷ ceiling and Caravan ÷ Postfix: not computed ("
                     + (caravan ? "no measured ceiling or Postfix in this run" : "Caravan not measured") + ").\n");
        } else {
            ratios.forEach((k, v) -> b.append(String.format(Locale.ROOT, "- %s: %.2f%n", k, v)));
        }
        return b.toString();
    }

    private static String fmt(Double v, String f) {
        return v == null ? "n/a" : String.format(Locale.ROOT, f, v);
    }

    private static void chart(Path png, RunInfo info, List<SystemResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<SystemResult> measured = results.stream().filter(SystemResult::measured).toList();
        if (measured.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title("Caravan bench " + info.mode() + " (" + info.sizeBytes() / 1024 + " KiB, "
                       + info.connections() + " connections)")
                .xAxisTitle("system").yAxisTitle("messages / s").build();
        List<String> names = measured.stream().map(SystemResult::system).toList();
        chart.addSeries("ingress", names, measured.stream().map(SystemResult::ingressRate).toList());
        chart.addSeries("end-to-end", names, measured.stream().map(SystemResult::endToEndRate).toList());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
