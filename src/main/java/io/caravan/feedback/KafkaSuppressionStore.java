package io.caravan.feedback;

import io.caravan.events.CompactedTopic;
import io.caravan.message.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's suppressions on Kafka, for regions whose nodes each run their own broker and share state through
 * Kafka: one compacted topic, {@code caravan.<region>.suppressions}, keyed by scope and recipient, the value the
 * suppression as JSON (as {@link BrokerSuppressionStore} keeps it), a record without a value (a tombstone) for a
 * removal. Compaction keeps the newest record of each key, and Kafka drops tombstones once they are older than the
 * topic's {@code delete.retention.ms} (a day by default). Every node reads the whole topic from its beginning at
 * start, without a consumer group (its partitions are assigned, not shared), then every change as it is written.
 * A suppression past its expiry is skipped when read, as the broker drops such a message; its record stays until
 * the recipient is suppressed or lifted again, which replaces it.
 */
public final class KafkaSuppressionStore implements SuppressionStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSuppressionStore.class);
    /** How long storing one change may take before the caller is told it failed. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String bootstrap;
    private final String topic;
    private final Clock clock;
    private final KafkaProducer<String, String> producer;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread follower;

    public KafkaSuppressionStore(String bootstrap, String region, Clock clock) {
        this.bootstrap = bootstrap;
        this.topic = BrokerSuppressionStore.queueName(region);
        this.clock = clock;
        Properties p = common("caravan-suppressions-" + region);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // a send gives up within STORE_WAIT, whether it waits for metadata or for the acknowledgement
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CompactedTopic.WAIT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CompactedTopic.WAIT.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) STORE_WAIT.toMillis());
        this.producer = new KafkaProducer<>(p);
    }

    private Properties common(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /** Creates the topic compacted when it is missing (and warns when it is there but not compacted). */
    @Override
    public void declare() {
        CompactedTopic.ensure(bootstrap, topic, "suppression");
    }

    public String topic() {
        return topic;
    }

    @Override
    public void put(Suppression s) {
        send(s.key(), Json.write(s));
    }

    @Override
    public void delete(String scope, String recipient) {
        send(Suppression.key(scope, recipient), null);
    }

    private void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the suppression of " + key, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot store the suppression of " + key + " on Kafka topic " + topic
                    + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public synchronized void follow(Consumer<Suppression> added, Consumer<String> removedKey) {
        follower = new Thread(() -> run(added, removedKey), "suppressions");
        follower.setDaemon(true);
        follower.start();
    }

    private void run(Consumer<Suppression> added, Consumer<String> removedKey) {
        Properties p = common("caravan-suppressions-reader");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a topic that is missing is created compacted by declare(), never by the reader's lookup
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // where reading got to: a reader built again after a failure goes on from there rather than from the
        // beginning, so a removal whose tombstone Kafka has dropped meanwhile is not undone
        Map<TopicPartition, Long> next = new HashMap<>();
        while (!closed) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                consumer = c;
                if (closed) {
                    return;
                }
                List<PartitionInfo> partitions = c.partitionsFor(topic, CompactedTopic.WAIT);
                if (partitions == null || partitions.isEmpty()) {
                    LOG.warn("suppression list: Kafka topic {} not found on {}; looking again in {} s", topic,
                            bootstrap, RETRY.toSeconds());
                    pause();
                    continue;
                }
                List<TopicPartition> assigned = partitions.stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                c.assign(assigned);
                for (TopicPartition tp : assigned) {
                    Long at = next.get(tp);
                    if (at == null) {
                        c.seekToBeginning(List.of(tp));
                    } else {
                        c.seek(tp, at);
                    }
                }
                while (!closed) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                        apply(r, added, removedKey);
                        next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    }
                }
            } catch (WakeupException e) {
                return; // close() woke the reader
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("suppression list: reading Kafka topic {} failed ({}); reading on in {} s", topic,
                            e.toString(), RETRY.toSeconds());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecord<String, String> r, Consumer<Suppression> added, Consumer<String> removedKey) {
        try {
            if (r.value() == null) {
                removedKey.accept(r.key());
                return;
            }
            Suppression s = Json.read(r.value(), Suppression.class);
            if (s.activeAt(clock.instant())) {
                added.accept(s);
            }
        } catch (RuntimeException e) {
            LOG.warn("suppression list: a record that cannot be read is skipped ({} offset {}): {}", r.partition(),
                    r.offset(), e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup(); // the one call another thread may make on a consumer
        }
        Thread t;
        synchronized (this) {
            t = follower;
        }
        if (t != null) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(2));
    }
}
