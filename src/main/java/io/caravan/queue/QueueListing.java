package io.caravan.queue;

import io.caravan.message.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code caravan queue list} prints: a table for people, one row per message and one line per further
 * recipient (as postqueue -p lists them), oldest first; or JSON for scripts, with times as ISO instants and
 * ages in seconds.
 */
public final class QueueListing {

    private static final String FORMAT = "%-26s  %-8s  %-8s  %5s  %6s  %5s  %-20s  %s%n";

    private QueueListing() {
    }

    public static List<QueuedMessage> oldestFirst(List<QueuedMessage> messages) {
        List<QueuedMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(QueuedMessage::receivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(QueuedMessage::queueId));
        return sorted;
    }

    public static String table(List<QueuedMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return "queue is empty\n";
        }
        StringBuilder out = new StringBuilder(String.format(FORMAT, "QUEUE ID", "STAGE", "STATE", "AGE", "SIZE",
                "TRIES", "DESTINATION", "SENDER / RECIPIENTS"));
        for (QueuedMessage m : oldestFirst(messages)) {
            out.append(String.format(FORMAT, m.queueId(), m.stage(), m.state().label(), age(m.receivedAt(), now),
                    m.size() == null ? "-" : size(m.size()), m.attempts(), m.destination(),
                    m.sender() == null ? "-" : m.sender().isEmpty() ? "<>" : m.sender()));
            for (String recipient : m.recipients()) {
                out.append(String.format(FORMAT, "", "", "", "", "", "", "", "  " + recipient));
            }
            if (m.lastReply() != null) {
                out.append(String.format(FORMAT, "", "", "", "", "", "", "",
                        "  (" + m.lastReply().replace('\n', ' ') + ")"));
            }
            if (!m.held() && m.nextAttempt() != null && m.nextAttempt().isAfter(now)) {
                out.append(String.format(FORMAT, "", "", "", "", "", "", "",
                        "  next attempt in " + age(now, m.nextAttempt())));
            }
        }
        out.append(messages.size()).append(messages.size() == 1 ? " message\n" : " messages\n");
        return out.toString();
    }

    public static String json(List<QueuedMessage> messages, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueuedMessage m : oldestFirst(messages)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("queueId", m.queueId());
            row.put("queue", m.queue());
            row.put("stage", m.stage());
            row.put("held", m.held());
            row.put("state", m.state().label());
            row.put("destination", m.destination());
            row.put("size", m.size());
            row.put("receivedAt", m.receivedAt() == null ? null : m.receivedAt().toString());
            row.put("ageSeconds", m.receivedAt() == null ? null
                    : Math.max(0, Duration.between(m.receivedAt(), now).toSeconds()));
            row.put("sender", m.sender());
            row.put("recipients", m.recipients());
            row.put("attempts", m.attempts());
            row.put("lastReply", m.lastReply());
            row.put("nextAttempt", m.nextAttempt() == null ? null : m.nextAttempt().toString());
            rows.add(row);
        }
        return Json.write(rows) + "\n";
    }

    /** Postfix-like short ages: 42s, 7m, 3h, 2d. */
    static String age(Instant from, Instant to) {
        if (from == null) {
            return "-";
        }
        return seconds(Duration.between(from, to).toSeconds());
    }

    static String seconds(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m";
        if (s < 86400) return s / 3600 + "h";
        return s / 86400 + "d";
    }

    /** Octets as 950, 12K, 3.4M. */
    static String size(long octets) {
        if (octets < 1024) return String.valueOf(octets);
        if (octets < 1024 * 1024) return octets / 1024 + "K";
        return String.format(java.util.Locale.ROOT, "%.1fM", octets / (1024.0 * 1024));
    }
}
