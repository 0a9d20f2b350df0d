package io.caravan.broker;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Hands Artemis the node's meter registry, so the broker's own meters (per queue and address: messages,
 * consumers, sizes; the broker's connections and disk use) come out at {@code /metrics} beside Caravan's.
 */
final class RegistryPlugin implements ActiveMQMetricsPlugin {

    private static final long serialVersionUID = 1L;
    private final transient MeterRegistry registry;

    RegistryPlugin(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ActiveMQMetricsPlugin init(Map<String, String> options) {
        return this;
    }

    @Override
    public MeterRegistry getRegistry() {
        return registry;
    }
}
