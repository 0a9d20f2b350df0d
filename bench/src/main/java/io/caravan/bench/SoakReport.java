package io.caravan.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a soak run as soak.json, a Markdown summary soak.md and a chart of memory over time soak.png. */
final class SoakReport {
    private SoakReport() {
    }

    static void write(Path out, SoakResult r) throws IOException {
        Files.createDirectories(out);
        ResultsWriter.json(out.resolve("soak.json"), r);
        Files.writeString(out.resolve("soak.md"), markdown(r));
        chart(out.resolve("soak.png"), r);
    }

    static String markdown(SoakResult r) {
        SoakAnalysis a = r.analysis();
        RunInfo i = r.run();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run %s, mode %s: Caravan under a steady %.1f msg/s (%d messages of %d "
                        + "bytes over %d connections, open loop) for %.1f min, %d samples; calibration (closed loop) "
                        + "found %.0f msg/s ingress, %.0f msg/s end-to-end; machine: %s, %d MiB RAM; %s.%n%n",
                i.date(), i.mode(), r.offeredRate(), i.messages(), i.sizeBytes(), i.connections(), r.minutes(),
                r.samples().size(), r.calibratedIngressRate(), r.calibratedEndToEndRate(), i.cpus(), i.memoryMb(),
                i.java()));
        b.append("| figure | 2nd fifth (baseline) | last fifth | growth | slope MiB/min |\n|---|---:|---:|---:|---:|\n");
        b.append(String.format(Locale.ROOT, "| RSS MiB | %.1f | %.1f | %+.1f %% | %+.2f |%n", a.rssSecondFifthMb(),
                a.rssLastFifthMb(), a.rssGrowth() * 100, a.rssSlopeMbPerMin()));
        b.append(String.format(Locale.ROOT, "| heap after GC MiB | %.1f | %.1f | %+.1f %% | %+.2f |%n",
                a.heapSecondFifthMb(), a.heapLastFifthMb(), a.heapGrowth() * 100, a.heapSlopeMbPerMin()));
        double peak = r.samples().stream().mapToDouble(SoakSample::rssMb).max().orElse(0);
        b.append(String.format(Locale.ROOT, "%n- memory flat (growth ≤ %.0f %% for both): **%s**%n",
                SoakAnalysis.FLAT_GROWTH * 100, a.flat() ? "yes" : "no"));
        b.append(String.format(Locale.ROOT, "- peak RSS: %.0f MiB%n", peak));
        b.append(String.format(Locale.ROOT, "- achieved ingress: %.1f msg/s; accepted %d, failed %d, delivered %d, "
                + "missing %d, duplicates %d; p99 MAIL-to-250 %.1f ms%n", r.achievedRate(), r.accepted(), r.failed(),
                r.delivered(), r.missing(), r.duplicates(), r.p99Ms()));
        List<SoakSample> s = r.samples();
        if (!s.isEmpty()) {
            SoakSample last = s.get(s.size() - 1);
            b.append(String.format(Locale.ROOT, "- queued at the last sample (accepted − delivered): %d%n",
                    last.accepted() - last.delivered()));
        }
        return b.toString();
    }

    private static void chart(Path png, SoakResult r) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (r.samples().isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title(String.format(Locale.ROOT, "Caravan soak: %.1f msg/s for %.1f min", r.offeredRate(), r.minutes()))
                .xAxisTitle("minutes").yAxisTitle("MiB").build();
        List<Double> x = r.samples().stream().map(s -> s.seconds() / 60).toList();
        chart.addSeries("RSS", x, r.samples().stream().map(SoakSample::rssMb).toList()).setMarker(SeriesMarkers.NONE);
        chart.addSeries("heap after GC", x, r.samples().stream().map(SoakSample::heapAfterGcMb).toList())
             .setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
