package io.caravan.broker;

import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code stage} Camel component: {@code stage:<queue>?consumers=N&batch=M} consumes one durable
 * stage queue. It exists because the hand-off between stages is Caravan's largest cost per message
 * (docs/PERFORMANCE.md), and Camel's JMS components commit one exchange per transaction: here
 * several messages share one commit.
 */
public final class StageComponent extends DefaultComponent {

    /** The registry name the stage routes use. */
    public static final String NAME = "stage";

    private final ConnectionFactory connectionFactory;

    /** @param connectionFactory a plain (not pooled) factory: every stage thread keeps its own connection */
    public StageComponent(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StageEndpoint endpoint = new StageEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
