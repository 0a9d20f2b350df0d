package io.caravan.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.queue.QueuedMessage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The queue gauges: bounded destination labels, per stage and state, and series that stay at 0. */
class QueueGaugesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Labels LABELS = new Labels(Set.of("gmail", "microsoft"), Set.of("tx"), Set.of("tx-1"));

    private static QueuedMessage message(String queue, String destination, long age, boolean deferred) {
        return new QueuedMessage("01" + age, queue, NOW.minusSeconds(age), "s@x.org", List.of("r@y.net"), 0, null,
                deferred ? NOW.plusSeconds(60) : null, destination, 0, null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"gmail, gmail", "microsoft, microsoft", "example.net, other", "smtp:[10.0.0.1]:25, other",
            "-, none"})
    void destinationsFoldToBoundedLabels(String destination, String label) {
        assertEquals(label, QueueGauges.destination(message("caravan.delivery", destination, 1, false), LABELS));
    }

    @Test
    void seriesPerStageAndDestination() {
        List<QueueGauges.Series> series = QueueGauges.series(List.of(
                message("caravan.delivery", "gmail", 600, true),
                message("caravan.lane.tx.gmail", "gmail", 60, false),
                message("caravan.delivery.hold", "example.net", 30, false),
                message("caravan.delivery", "example.org", 900, true),
                message("caravan.incoming", "-", 5, false)), NOW, LABELS);
        assertEquals(List.of(
                new QueueGauges.Series("delivery", "gmail", 1, 1, 0, 600),
                new QueueGauges.Series("delivery", "other", 0, 1, 1, 900),
                new QueueGauges.Series("incoming", "none", 1, 0, 0, 5)), series);
    }

    @Test
    void scrapedAsDepthAndOldestSecondsAndKeptAtZero() {
        try (Metrics metrics = new Metrics()) {
            QueueGauges gauges = new QueueGauges(metrics, LABELS);
            gauges.update(NOW, List.of(message("caravan.delivery", "gmail", 600, true)));
            String text = metrics.scrape(null).text();
            assertTrue(text.contains("caravan_queue_depth{destination=\"gmail\",stage=\"delivery\",state=\"deferred\"}"
                    + " 1.0"), text);
            assertTrue(text.contains("caravan_queue_oldest_seconds{destination=\"gmail\",stage=\"delivery\"} 600.0"),
                    text);
            gauges.update(NOW, List.of());
            text = metrics.scrape(null).text();
            assertTrue(text.contains("caravan_queue_depth{destination=\"gmail\",stage=\"delivery\",state=\"deferred\"}"
                    + " 0.0"), text);
            assertTrue(text.contains("caravan_queue_oldest_seconds{destination=\"gmail\",stage=\"delivery\"} 0.0"),
                    text);
        }
    }
}
