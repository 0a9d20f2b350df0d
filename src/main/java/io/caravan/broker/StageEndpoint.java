package io.caravan.broker;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One stage queue. As a consumer, {@code consumers} threads each hold one transacted session and
 * commit after at most {@code batch} messages, waiting for the broker's answer after at most
 * {@code runAhead} commits that did not. As a producer inside such a consumer's route, it sends on the
 * consumer's own session, in its transaction; elsewhere (ingress) it sends each exchange on its own
 * and completes it when the broker has stored it ({@link StageProducer}).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "stage", title = "Caravan stage queue",
        syntax = "stage:queue", category = {Category.MESSAGING})
public class StageEndpoint extends DefaultEndpoint {

    private final String queue;
    private int consumers = 1;
    private int batch = 1;
    private int runAhead;

    public StageEndpoint(String uri, StageComponent component, String queue) {
        super(uri, component);
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("stage endpoint without a queue name: " + uri);
        }
        this.queue = queue;
    }

    @Override
    public StageComponent getComponent() {
        return (StageComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new StageProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        StageConsumer consumer = new StageConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Whether this is {@link Lanes#URI}: every lane, each message's own named by {@link Lanes#HEADER}. */
    public boolean isLanes() {
        return Lanes.URI.equals(StageComponent.NAME + ":" + queue);
    }

    public String getQueue() {
        return queue;
    }

    public int getConsumers() {
        return consumers;
    }

    /** Threads consuming the queue, each with its own connection and transacted session. */
    public void setConsumers(int consumers) {
        this.consumers = positive("consumers", consumers);
    }

    public int getBatch() {
        return batch;
    }

    /** Messages per transaction at most; 1 commits each message on its own. */
    public void setBatch(int batch) {
        this.batch = positive("batch", batch);
    }

    public int getRunAhead() {
        return runAhead;
    }

    /**
     * Commits a consumer may send in a row without waiting for the broker's answer; 0 waits for every
     * one. A lost broker can lose that many commits per consumer, whose messages then run again.
     */
    public void setRunAhead(int runAhead) {
        if (runAhead < 0) {
            throw new IllegalArgumentException("stage:" + queue + ": runAhead must be at least 0, not " + runAhead);
        }
        this.runAhead = runAhead;
    }

    private int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("stage:" + queue + ": " + option + " must be at least 1, not " + value);
        }
        return value;
    }
}
