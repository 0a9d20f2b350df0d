package io.caravan.queue;

import io.caravan.message.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Queued messages counted per destination, like Postfix's qshape: how many wait in each state and how old
 * the oldest is. The destination is read from each message ({@link QueuedMessage#destination}), not from
 * the queue it is on, so the counts mean the same whether the delivery stage keeps one queue or one per
 * destination.
 */
public final class QueueSummary {

    /** One destination's (or one stage's) counts. */
    public record Row(String name, int ready, int deferred, int held, long oldestSeconds) {

        public int total() {
            return ready + deferred + held;
        }
    }

    private QueueSummary() {
    }

    /** Per destination, largest first, then by name. */
    public static List<Row> byDestination(Collection<QueuedMessage> messages, Instant now) {
        return rows(messages, now, QueuedMessage::destination);
    }

    /** Per stage (incoming, delivery, bounce). */
    public static List<Row> byStage(Collection<QueuedMessage> messages, Instant now) {
        return rows(messages, now, QueuedMessage::stage);
    }

    /** Per whatever {@code key} names a message by, largest first, then by name. */
    public static List<Row> rows(Collection<QueuedMessage> messages, Instant now, Function<QueuedMessage, String> key) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> oldest = new TreeMap<>();
        for (QueuedMessage m : messages) {
            String name = key.apply(m);
            int[] c = counts.computeIfAbsent(name, k -> new int[3]);
            c[m.state().ordinal()]++;
            long age = m.receivedAt() == null ? 0 : Math.max(0, Duration.between(m.receivedAt(), now).toSeconds());
            oldest.merge(name, age, Math::max);
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((name, c) -> rows.add(new Row(name, c[0], c[1], c[2], oldest.get(name))));
        rows.sort(Comparator.comparingInt(Row::total).reversed().thenComparing(Row::name));
        return rows;
    }

    private static final String FORMAT = "%-32s %7s %7s %7s %7s %8s%n";

    public static String table(List<Row> rows) {
        if (rows.isEmpty()) {
            return "queue is empty\n";
        }
        StringBuilder out = new StringBuilder(String.format(FORMAT, "DESTINATION", "TOTAL", "READY", "DEFER",
                "HELD", "OLDEST"));
        int[] sum = new int[4];
        long oldest = 0;
        for (Row r : rows) {
            out.append(String.format(FORMAT, r.name(), r.total(), r.ready(), r.deferred(), r.held(),
                    QueueListing.seconds(r.oldestSeconds())));
            sum[0] += r.total();
            sum[1] += r.ready();
            sum[2] += r.deferred();
            sum[3] += r.held();
            oldest = Math.max(oldest, r.oldestSeconds());
        }
        out.append(String.format(FORMAT, "TOTAL", sum[0], sum[1], sum[2], sum[3], QueueListing.seconds(oldest)));
        return out.toString();
    }

    public static String json(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("destination", r.name());
            row.put("total", r.total());
            row.put("ready", r.ready());
            row.put("deferred", r.deferred());
            row.put("held", r.held());
            row.put("oldestSeconds", r.oldestSeconds());
            out.add(row);
        }
        return Json.write(out) + "\n";
    }
}
