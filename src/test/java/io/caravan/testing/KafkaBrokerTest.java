package io.caravan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test Kafka broker is real: a record produced over the wire is consumed back. */
class KafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void producesAndConsumesOverLoopback() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrap());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(common, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "k", "hello")).get();
            }
            Map<String, Object> consumerConfig = new java.util.HashMap<>(common);
            consumerConfig.put("group.id", "probe");
            consumerConfig.put("auto.offset.reset", "earliest");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig,
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertEquals(List.of("hello"), seen, kafka.log());
        }
    }
}
