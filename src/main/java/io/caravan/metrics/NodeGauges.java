package io.caravan.metrics;

import io.caravan.broker.StageQueue;
import io.micrometer.core.instrument.Tags;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/** The node's state read at each scrape: queue depths, suspensions, egress connections. */
public final class NodeGauges {

    static final String QUEUE = Metrics.PREFIX + "queue.messages";
    static final String SUSPENSIONS = Metrics.PREFIX + "reputation.suspensions";
    static final String THROTTLED = Metrics.PREFIX + "reputation.throttled";
    static final String EGRESS_CONNECTIONS = Metrics.PREFIX + "egress.connections";

    private NodeGauges() {
    }

    /**
     * @param queueDepth  messages on a queue by name, or null when the broker is another process (it has
     *                    its own metrics; asking it over JMS at each scrape would cost a browse per queue)
     * @param suspensions (source, provider) suspensions in force now
     * @param throttled   (source, provider) pairs at a reduced rate now
     */
    public static void register(Metrics metrics, ToLongFunction<String> queueDepth, IntSupplier suspensions,
                                IntSupplier throttled, IntSupplier egressConnections) {
        if (queueDepth != null) {
            for (StageQueue stage : StageQueue.values()) {
                for (String queue : new String[] {stage.queueName(), stage.holdQueueName()}) {
                    metrics.gauge(QUEUE, "Messages on the stage queue (hold queues included)",
                            Tags.of("queue", queue), () -> queueDepth.applyAsLong(queue));
                }
            }
        }
        metrics.gauge(SUSPENSIONS, "Egress sources suspended for a provider now", Tags.empty(),
                suspensions::getAsInt);
        metrics.gauge(THROTTLED, "Egress sources sending to a provider at a reduced rate now (throttled or ramping "
                + "back after a suspension)", Tags.empty(), throttled::getAsInt);
        metrics.gauge(EGRESS_CONNECTIONS, "Outgoing SMTP connections open, delivering or idle", Tags.empty(),
                egressConnections::getAsInt);
    }
}
