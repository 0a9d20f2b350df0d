package io.caravan.egress.lanes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One lane as the scheduler sees it.
 *
 * @param messages    on the lane in the broker, at the last census
 * @param ready       of those, neither scheduled for later nor being delivered
 * @param scheduled   deferred retries waiting for their time
 * @param inFlight    being delivered by this node now
 * @param oldestSeconds how long the message at the lane's head has waited there, -1 when not known
 * @param nextRelease when a thread may next take from it (ISO-8601), empty when nothing is ready
 * @param waitsFor    why it waits, empty when it does not
 * @param lastReply   the last deferral reply a message of the lane got, and when
 * @param taken       messages taken since start
 * @param held        times the scheduler held it back since start
 */
public record LaneStatus(String queue, String pool, String provider, long messages, long ready, long scheduled,
                         int inFlight, long oldestSeconds, String nextRelease, String waitsFor, String lastReply, String lastReplyAt,
                         long taken, long held) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", queue);
        m.put("pool", pool);
        m.put("provider", provider);
        m.put("messages", messages);
        m.put("ready", ready);
        m.put("scheduled", scheduled);
        m.put("inFlight", inFlight);
        m.put("oldestSeconds", oldestSeconds);
        m.put("nextRelease", nextRelease);
        m.put("waitsFor", waitsFor);
        m.put("lastReply", lastReply);
        m.put("lastReplyAt", lastReplyAt);
        m.put("taken", taken);
        m.put("held", held);
        return m;
    }
}
