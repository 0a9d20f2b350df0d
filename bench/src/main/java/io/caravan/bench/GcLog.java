package io.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap occupancy after each collection from a unified JVM GC log ({@code -Xlog:gc:file=...}), e.g.
 * {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 60M->15M(256M) 4.3ms} gives 15 MiB. The heap
 * left after a collection is what the application still holds; its trend is the leak signal, free of the
 * heap sizing that moves RSS. Reads only what was appended since the last call.
 */
final class GcLog {
    private static final Pattern AFTER = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Path file;
    private long linesRead;

    GcLog(Path file) {
        this.file = file;
    }

    /** Heap after each collection logged since the previous call, in MiB, oldest first. */
    List<Double> newAfterGcMb() {
        List<Double> out = new ArrayList<>();
        if (!Files.isReadable(file)) {
            return out;
        }
        try (var lines = Files.lines(file)) {
            List<String> fresh = lines.skip(linesRead).toList();
            linesRead += fresh.size();
            for (String line : fresh) {
                Double mb = afterGcMb(line);
                if (mb != null) {
                    out.add(mb);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        return out;
    }

    /** The heap after the collection a log line reports, in MiB; null when the line reports none. */
    static Double afterGcMb(String line) {
        Matcher m = AFTER.matcher(line);
        if (!m.find()) {
            return null;
        }
        return mb(Long.parseLong(m.group(3)), m.group(4));
    }

    private static double mb(long v, String unit) {
        return switch (unit) {
            case "K" -> v / 1024.0;
            case "G" -> v * 1024.0;
            default -> v;
        };
    }
}
