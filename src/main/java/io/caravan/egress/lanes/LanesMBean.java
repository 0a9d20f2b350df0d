package io.caravan.egress.lanes;

import io.caravan.jmx.Description;
import java.util.List;
import java.util.Map;

@Description("The delivery lanes (one queue per pool × provider) and what each waits for")
public interface LanesMBean {

    @Description("Per lane: messages, ready, scheduled retries, in flight on this node, age of the oldest waiting message (seconds), next release, why it "
            + "waits, the last deferral reply, messages taken and holds since start")
    List<Map<String, Object>> getLanes();

    @Description("Per egress source, across lanes: deliveries in flight under a reservation, attempts made since "
            + "start, and its last deferral reply with when and on which lane; its suspensions are in Reputation")
    List<Map<String, Object>> getSources();

    @Description("Lets every waiting lane try again now (after lifting a suspension by hand)")
    void wakeAll();
}
