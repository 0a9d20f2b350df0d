package io.caravan.events;

import io.caravan.reputation.ReputationEvent;

/**
 * The region's reputation topic on Kafka is compacted: each record's key names the state it sets (a pair's
 * suspension, or its throttle), so Kafka keeps the newest event of each, which is the region's state. A node that
 * starts reads the topic from its beginning and so learns every suspension in force, however long ago it was
 * decided, without reading the history of every pair. {@link CompactedTopic} creates it so.
 */
final class ReputationTopic {

    private ReputationTopic() {
    }

    /**
     * The record key: a resume replaces the suspension it lifts; a throttle lives beside the suspension, as the
     * two are separate parts of a pair's state.
     */
    static String key(ReputationEvent event) {
        String part = event instanceof ReputationEvent.Throttled ? "throttle" : "suspension";
        return event.source() + "|" + event.provider() + "|" + part;
    }
}
