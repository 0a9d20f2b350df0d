package io.caravan.events;

import io.caravan.reputation.ReputationEvent;
import java.util.List;

/**
 * What a stage tells its region: what became of each recipient, and the reputation verdicts it applied.
 * Neither call blocks or fails: the events go to in-memory buffers ({@link EventRoutes}), and one that finds
 * its buffer full is dropped and counted ({@link EventBufferMBean}), so a slow or absent stream never holds
 * up or repeats a delivery.
 */
public interface RegionEvents {

    /** Whether a delivery event recorded now can reach anyone; stages skip building them when not. */
    boolean deliveriesHeard();

    void record(List<DeliveryEvent> events);

    void publish(ReputationEvent event);
}
