package io.caravan.broker;

/**
 * The durable queues between stages, declared here and nowhere else. Each
 * stage consumes exactly one of them inside a JMS transaction, so a crash or a
 * failing consumer puts the message back; after the attempts that
 * {@code config/broker.xml} allows for that address, the broker moves it to the
 * stage's hold queue ({@code <name>.hold}, its dead-letter address there),
 * where it waits for an operator.
 */
public enum StageQueue {

    /** Accepted by ingress (250 given), waiting for the routing stage. */
    INCOMING("caravan.incoming"),
    /** Routed: one message per delivery (next hop, class, pool), waiting for egress. */
    DELIVERY("caravan.delivery"),
    /** Recipients that failed for good, with their outcomes, waiting for a delivery status notification. */
    BOUNCE("caravan.bounce");

    private final String queueName;

    StageQueue(String queueName) {
        this.queueName = queueName;
    }

    public String queueName() {
        return queueName;
    }

    /** Where the broker parks what this stage failed to process too many times. */
    public String holdQueueName() {
        return queueName + ".hold";
    }

    /**
     * Producer endpoint: a persistent send. Inside a stage route it joins the consumer's transaction;
     * elsewhere (ingress) Artemis acknowledges it only once it is in the journal.
     * Sends from concurrent callers already share the journal's syncs, so grouping them in a
     * transaction would only add a commit (measured in docs/PERFORMANCE.md).
     */
    public String producerUri() {
        return StageComponent.NAME + ":" + queueName;
    }

    /** Producer endpoint of the hold queue, where a stage parks what an operator must look at. */
    public String holdProducerUri() {
        return StageComponent.NAME + ":" + holdQueueName();
    }

    /**
     * Consumer endpoint: transacted, so a failed exchange rolls the message back onto this queue;
     * up to {@code batch} messages per commit, every commit waiting for the broker's answer.
     */
    public String consumerUri(int consumers, int batch) {
        return consumerUri(consumers, batch, 0);
    }

    /** As {@link #consumerUri(int, int)}, with up to {@code runAhead} commits in a row not waiting. */
    public String consumerUri(int consumers, int batch, int runAhead) {
        return StageComponent.NAME + ":" + queueName + "?consumers=" + consumers + "&batch=" + batch
                + "&runAhead=" + runAhead;
    }
}
