package io.caravan.metrics;

import io.caravan.queue.QueueSummary;
import io.caravan.queue.QueuedMessage;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code caravan_queue_depth{stage,destination,state}} and {@code caravan_queue_oldest_seconds{stage,destination}}
 * from the node's periodic queue listing ({@link io.caravan.queue.Queues}), not from a listing per scrape. The
 * destination label takes the providers of providers.yaml; other destinations fold into {@code other}, mail not
 * routed yet is {@code none}. A series once seen stays, at 0 when nothing waits, so an alert on it does not
 * see a gap.
 */
public final class QueueGauges {

    static final String DEPTH = Metrics.PREFIX + "queue.depth";
    static final String OLDEST = Metrics.PREFIX + "queue.oldest";
    private static final String[] STATES = {"ready", "deferred", "held"};

    /** One (stage, destination) pair's counts, by state, and its oldest message's age. */
    record Series(String stage, String destination, int ready, int deferred, int held, long oldestSeconds) {
    }

    private final Labels labels;
    private final MultiGauge depth;
    private final MultiGauge oldest;
    private final Map<String, Series> seen = new TreeMap<>();

    public QueueGauges(Metrics metrics, Labels labels) {
        this.labels = labels;
        this.depth = MultiGauge.builder(DEPTH).description("Messages queued, by stage, destination and state"
                + " (ready, deferred, held), as of the last queue listing").register(metrics.registry());
        this.oldest = MultiGauge.builder(OLDEST).baseUnit("seconds").description("Age of the oldest message queued,"
                + " by stage and destination, as of the last queue listing").register(metrics.registry());
    }

    /** The gauges after a listing taken at {@code at}. */
    public synchronized void update(Instant at, List<QueuedMessage> messages) {
        seen.replaceAll((key, s) -> new Series(s.stage(), s.destination(), 0, 0, 0, 0));
        for (Series s : series(messages, at, labels)) {
            seen.put(s.stage() + " " + s.destination(), s);
        }
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        for (Series s : seen.values()) {
            int[] counts = {s.ready(), s.deferred(), s.held()};
            for (int i = 0; i < STATES.length; i++) {
                depths.add(MultiGauge.Row.of(Tags.of("stage", s.stage(), "destination", s.destination(),
                        "state", STATES[i]), counts[i]));
            }
            ages.add(MultiGauge.Row.of(Tags.of("stage", s.stage(), "destination", s.destination()),
                    s.oldestSeconds()));
        }
        depth.register(depths, true);
        oldest.register(ages, true);
    }

    /** The listing summed per stage and bounded destination label. */
    static List<Series> series(List<QueuedMessage> messages, Instant at, Labels labels) {
        List<Series> out = new ArrayList<>();
        for (QueueSummary.Row row : QueueSummary.rows(messages, at, m -> m.stage() + " " + destination(m, labels))) {
            String[] key = row.name().split(" ", 2);
            out.add(new Series(key[0], key[1], row.ready(), row.deferred(), row.held(), row.oldestSeconds()));
        }
        out.sort(java.util.Comparator.comparing(Series::stage).thenComparing(Series::destination));
        return out;
    }

    static String destination(QueuedMessage m, Labels labels) {
        return QueuedMessage.NO_DESTINATION.equals(m.destination()) ? Labels.NONE : labels.provider(m.destination());
    }
}
