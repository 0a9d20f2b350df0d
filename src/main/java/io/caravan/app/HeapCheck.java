package io.caravan.app;

import io.caravan.message.MessageBody;
import java.util.Optional;

/**
 * Whether the heap holds what the configuration lets the stages keep in it at once, checked at start.
 * Since bodies above {@link MessageBody#IN_MEMORY_LIMIT} are spooled, the size limit counts only up to
 * that: every thread that can hold a body (ingress commit workers and the routing, egress and bounce
 * consumers) holds at most one of that size, counted twice (Caravan's copy and the broker client's); a
 * bounce consumer also holds up to the return limit of an original it returns whole, twice (the original
 * and the DSN that carries it); and the embedded broker keeps up to its global-max-size of queued messages.
 *
 * <p>It warns, with the numbers, rather than refusing to start: the sum is a worst case (every thread
 * holding the largest in-heap body at the same moment), and a node that refused would deliver nothing,
 * where one that warns delivers typical mail and its operator can raise -Xmx or lower the counts.
 */
record HeapCheck(long maxMessageSize, int ingressWorkers, int routingConsumers, int egressConsumers,
                 int bounceConsumers, long returnLimit, long brokerMemory) {

    static final long BROKER_GLOBAL_MAX_SIZE = 64L * 1024 * 1024; // config/broker.xml's global-max-size

    long needed() {
        long perBody = Math.min(maxMessageSize, MessageBody.IN_MEMORY_LIMIT);
        long holders = (long) ingressWorkers + routingConsumers + egressConsumers + bounceConsumers;
        return holders * perBody * 2 + bounceConsumers * returnLimit * 2 + brokerMemory;
    }

    /** The warning, when {@link #needed()} exceeds {@code maxMemory}. */
    Optional<String> warning(long maxMemory) {
        long needed = needed();
        if (needed <= maxMemory) {
            return Optional.empty();
        }
        return Optional.of(String.format("the heap (%d MiB, -Xmx) may be too small: up to %d MiB of message "
                        + "bodies can be in it at once (%d threads holding up to %d KiB each, twice; %d bounce consumers "
                        + "returning up to %d KiB each, twice; %d MiB kept by the broker). Raise -Xmx in config/jvm.options "
                        + "or lower caravan.smtp.workers, caravan.*.consumers or caravan.bounce.return-limit",
                maxMemory >> 20, needed >> 20, ingressWorkers + routingConsumers + egressConsumers + bounceConsumers,
                Math.min(maxMessageSize, MessageBody.IN_MEMORY_LIMIT) >> 10, bounceConsumers, returnLimit >> 10,
                brokerMemory >> 20));
    }
}
