package io.caravan.egress.lanes;

import io.caravan.jmx.Description;
import java.util.List;
import java.util.Map;

@Description("The delivery lanes (one queue per pool × provider) and what each waits for")
public interface LanesMBean {

    @Description("Per lane: messages, ready, scheduled retries, in flight on this node, age of the oldest waiting message (seconds), next release, why it "
            + "waits, the last deferral reply, messages taken and holds since start")
    List<Map<String, Object>> getLanes();

    @Description("Per egress source × provider, over the lanes of that provider whose pool has the source: messages, "
            + "ready, scheduled retries, age of the oldest waiting message (seconds), when the source may next send one "
            + "and what holds it (its suspension, its message rate), deliveries in flight under a reservation, attempts "
            + "since start, and its last deferral reply with when and on which lane")
    List<Map<String, Object>> getSources();

    @Description("Lets every waiting lane try again now (after lifting a suspension by hand)")
    void wakeAll();
}
