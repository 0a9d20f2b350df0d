package io.caravan.egress.lanes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One egress source × provider as the scheduler sees it: the mail on the lanes it may serve (the lanes of that
 * provider whose pool has the source), when it may next send to the provider, and what it did.
 *
 * @param messages      on those lanes in the broker, at the last census
 * @param ready         of those, neither scheduled for later nor being delivered
 * @param scheduled     deferred retries waiting for their time
 * @param oldestSeconds the longest any of those lanes' head messages has waited, -1 when not known
 * @param nextRelease   when the source may next send one of them (ISO-8601), empty when none is ready
 * @param waitsFor      what holds the source until then (a suspension, its message rate), empty when nothing does
 * @param inFlight      deliveries to the provider under a reservation of the source, on this node now
 * @param attempts      attempts from the source to the provider since start
 * @param lastReply     the last deferral reply the source got from the provider, when, and on which lane
 */
public record SourceStatus(String source, String provider, long messages, long ready, long scheduled,
                           long oldestSeconds, String nextRelease, String waitsFor, int inFlight, long attempts,
                           String lastReply, String lastReplyAt, String lastReplyLane) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("provider", provider);
        m.put("messages", messages);
        m.put("ready", ready);
        m.put("scheduled", scheduled);
        m.put("oldestSeconds", oldestSeconds);
        m.put("nextRelease", nextRelease);
        m.put("waitsFor", waitsFor);
        m.put("inFlight", inFlight);
        m.put("attempts", attempts);
        m.put("lastReply", lastReply);
        m.put("lastReplyAt", lastReplyAt);
        m.put("lastReplyLane", lastReplyLane);
        return m;
    }
}
