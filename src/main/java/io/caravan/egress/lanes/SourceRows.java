package io.caravan.egress.lanes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-source view of the lanes: one row per egress source × provider, from the lanes' census figures, when
 * each source may next send, and what each source did. Nothing here asks the broker.
 *
 * <p>Policy. A lane counts for every source of its pool (the pool its route names); a lane whose route is not
 * known yet (no message of it read since start) counts for none. Several lanes of one provider that a source
 * serves (it is in several pools) add up: messages, ready and scheduled are summed, the oldest age is the
 * longest. The next release is the earliest at which the source may send to one of those lanes that has ready
 * mail, never before now; with nothing ready there is none. A source × provider with no lane but something done
 * (deliveries in flight, attempts, a reply) still has its row.
 */
final class SourceRows {

    /** A source × provider. */
    record Key(String source, String provider) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::source).thenComparing(Key::provider);
    }

    /** One lane, as it counts for one source of its pool. */
    record Share(Key key, String queue, long messages, long ready, long scheduled, long oldestSeconds,
                 SourceRelease release) {
    }

    /** What a source did with a provider since start (guarded by the scheduler's lock). */
    static final class Done {
        int inFlight;
        long attempts;
        String lastReply = "";
        long lastReplyAt;
        String lastReplyLane = "";
    }

    private SourceRows() {
    }

    static List<SourceStatus> rows(List<Share> shares, Map<Key, Done> done, Instant now) {
        Map<Key, Sum> sums = new TreeMap<>(Key.ORDER);
        for (Share s : shares) {
            Sum sum = sums.computeIfAbsent(s.key(), k -> new Sum());
            sum.messages += s.messages();
            sum.ready += s.ready();
            sum.scheduled += s.scheduled();
            sum.oldest = Math.max(sum.oldest, s.oldestSeconds());
            if (s.ready() > 0 && (sum.release == null || s.release().at().isBefore(sum.release.at()))) {
                sum.release = s.release();
            }
        }
        done.keySet().forEach(k -> sums.computeIfAbsent(k, x -> new Sum()));
        List<SourceStatus> out = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> {
            Done d = done.getOrDefault(key, new Done());
            boolean held = sum.release != null && sum.release.at().isAfter(now);
            String next = sum.release == null ? "" : (held ? sum.release.at() : now).toString();
            out.add(new SourceStatus(key.source(), key.provider(), sum.messages, sum.ready, sum.scheduled, sum.oldest,
                    next, held ? sum.release.why() : "", d.inFlight, d.attempts, d.lastReply,
                    d.lastReplyAt == 0 ? "" : Instant.ofEpochMilli(d.lastReplyAt).toString(), d.lastReplyLane));
        });
        return out;
    }

    private static final class Sum {
        long messages;
        long ready;
        long scheduled;
        long oldest = -1;
        SourceRelease release;
    }
}
