package io.caravan.broker;

import jakarta.jms.ConnectionFactory;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code stage} Camel component: {@code stage:<queue>?consumers=N&batch=M} consumes one durable
 * stage queue, and {@code to("stage:<queue>")} puts a message on it: inside such a consumer's route
 * on the consumer's transaction, elsewhere on its own ({@link StageProducer}). It exists because the hand-off
 * between stages is Caravan's largest cost per message (docs/PERFORMANCE.md): Camel's JMS components
 * commit one exchange per transaction, where here several messages share one commit, and their
 * producer holds its thread until the journal is synced, where here the broker's confirmation
 * completes the exchange.
 */
public final class StageComponent extends DefaultComponent {

    /** The registry name the stage routes use. */
    public static final String NAME = "stage";

    private final ConnectionFactory connectionFactory;
    private final ConnectionFactory producerConnectionFactory;
    private final BooleanSupplier brokerUp;
    private final java.nio.file.Path spool;

    /**
     * @param connectionFactory a plain (not pooled) factory: every stage thread keeps its own connection
     * @param producerConnectionFactory the producers' own factory (ingress's): it must confirm sends
     *                          asynchronously (an Artemis confirmation window), and it makes no connection
     *                          for anybody else, so ingress never waits behind another's attempt
     * @param brokerUp          whether the broker answers, so consumers that lost it wait for it rather than
     *                          queue connection attempts (each may block for many seconds) ahead of ingress's
     */
    public StageComponent(ConnectionFactory connectionFactory, ConnectionFactory producerConnectionFactory,
                          BooleanSupplier brokerUp) {
        this(connectionFactory, producerConnectionFactory, brokerUp,
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "caravan-spool"));
    }

    /** @param spool where consumers spool bodies above {@link io.caravan.message.MessageBody#IN_MEMORY_LIMIT} */
    public StageComponent(ConnectionFactory connectionFactory, ConnectionFactory producerConnectionFactory,
                          BooleanSupplier brokerUp, java.nio.file.Path spool) {
        this.spool = spool;
        this.connectionFactory = connectionFactory;
        this.producerConnectionFactory = producerConnectionFactory;
        this.brokerUp = brokerUp;
    }

    private LaneGate laneGate;
    private ConnectionFactory laneConnectionFactory;
    private long laneCensusMillis = 1000;

    /**
     * The delivery lanes' scheduler and connections ({@link Lanes#URI}).
     *
     * @param windowless a factory whose consumers buffer nothing (consumer window 0): a lane's message is
     *                   read only when its thread asks for it, so a waiting lane's messages stay in the broker
     * @param censusMillis how often the lanes' counts are taken from the broker
     */
    public StageComponent lanes(LaneGate gate, ConnectionFactory windowless, long censusMillis) {
        this.laneGate = gate;
        this.laneConnectionFactory = windowless;
        this.laneCensusMillis = censusMillis;
        return this;
    }

    LaneGate laneGate() {
        return laneGate;
    }

    ConnectionFactory laneConnectionFactory() {
        return laneConnectionFactory != null ? laneConnectionFactory : connectionFactory;
    }

    long laneCensusMillis() {
        return laneCensusMillis;
    }

    /** Tells the lanes' scheduler, if any, that messages were stored on a lane. */
    void stored(String queue) {
        LaneGate gate = laneGate;
        if (gate != null && Lanes.isLane(queue)) {
            gate.stored(queue);
        }
    }

    ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    ConnectionFactory producerConnectionFactory() {
        return producerConnectionFactory;
    }

    java.nio.file.Path spool() {
        return spool;
    }

    boolean brokerUp() {
        return brokerUp.getAsBoolean();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StageEndpoint endpoint = new StageEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
