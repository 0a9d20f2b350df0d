package io.caravan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one
 * process) started from the Maven artifacts in another JVM, on loopback.
 * Storage is formatted first, as an operator would with kafka-storage.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildJvm process;
    private final int port;

    private KafkaBroker(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(Path dir) throws InterruptedException {
        int port = ChildJvm.freePort();
        int controllerPort = ChildJvm.freePort();
        Path config = dir.resolve("server.properties");
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true", "");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ChildJvm format = ChildJvm.start(dir.resolve("format.log"), dir, "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())) {
            int code = format.awaitExit(Duration.ofSeconds(60));
            if (code != 0) {
                throw new IllegalStateException("kafka storage format failed:\n" + format.log());
            }
        }
        ChildJvm broker = ChildJvm.start(dir.resolve("kafka.log"), dir, "kafka.Kafka", config.toString());
        broker.awaitPort(port, Duration.ofSeconds(60));
        return new KafkaBroker(broker, port);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * Reads a topic from its beginning until {@code done} holds for the values read so far, or
     * the timeout passes; returns what was read.
     */
    public List<String> read(String topic, Predicate<List<String>> done, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(values) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() throws InterruptedException {
        process.terminate(Duration.ofSeconds(30));
    }
}
