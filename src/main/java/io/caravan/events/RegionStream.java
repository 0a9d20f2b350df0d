package io.caravan.events;

import io.caravan.broker.ConsumerRestart;

/**
 * Where one of the region's streams is, as Camel endpoint URIs: a Kafka topic when {@code caravan.kafka.bootstrap}
 * is set, else a JMS topic of the same name on the node's broker (which nodes sharing a broker share).
 */
record RegionStream(String topic, String kafkaBootstrap) {

    boolean kafka() {
        return !kafkaBootstrap.isEmpty();
    }

    /**
     * The URI to publish to; {@code brokerOptions} (without the leading {@code ?}, or empty) apply to the broker
     * topic only.
     */
    String writer(String brokerOptions) {
        if (kafka()) {
            return "kafka:" + topic + "?brokers=" + kafkaBootstrap;
        }
        return "sjms2:topic:" + topic + (brokerOptions.isEmpty() ? "" : "?" + brokerOptions);
    }

    /**
     * The URI to read from: on Kafka in a consumer group of its own per start ({@code group} plus the start's
     * nanoTime), from the topic's {@code earliest} or {@code latest} record, committing nothing; on the broker a
     * subscription that {@link ConsumerRestart} rebuilds after a lost connection.
     */
    String reader(String group, String from) {
        if (kafka()) {
            return "kafka:" + topic + "?brokers=" + kafkaBootstrap + "&groupId=" + group + "-" + System.nanoTime()
                    + "&autoOffsetReset=" + from + "&autoCommitEnable=false";
        }
        return "sjms2:topic:" + topic + "?exceptionListener=#" + ConsumerRestart.BEAN;
    }
}
