package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.Headers;
import io.caravan.testing.Jms;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage consumer on the embedded broker with its journal: batches hand every message on exactly
 * once, and a message that fails takes its batch back to the queue once, then runs alone, so only
 * it ends in the hold queue.
 */
class StageConsumerTest {

    private static final String IN = StageQueue.INCOMING.queueName();
    private static final String OUT = StageQueue.DELIVERY.queueName();

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private CamelContext camel;
    private Jms jms;
    /** Queue id → how often the broker had delivered it when the route handed it on. */
    private final Map<String, Integer> deliveryCounts = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        Path xml = dir.resolve("broker.xml");
        Files.writeString(xml, Files.readString(Path.of("config/broker.xml"))
                .replace("<redelivery-delay>1000</redelivery-delay>", "<redelivery-delay>10</redelivery-delay>"));
        broker = EmbeddedBroker.start(xml, dir.resolve("data"), "");
        declare(IN, OUT, StageQueue.INCOMING.holdQueueName());
        jms = new Jms(broker.connectionFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        jms.close();
        broker.close();
    }

    @Test
    void batchesHandEveryMessageOnOnce() throws Exception {
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> "M" + i).toList();
        for (String id : ids) {
            jms.sendAccepted(IN, id);
        }
        consume(3, 16);
        assertEquals(ids.stream().sorted().toList(), StagePipelineTest.await(
                () -> jms.browse(OUT).stream().sorted().toList(), ids.stream().sorted().toList(), Duration.ofSeconds(30)));
        assertEquals(List.of(), jms.browse(IN));
    }

    @Test
    void aFailureRollsItsBatchBackOnceAndOnlyTheFailingMessageIsHeld() throws Exception {
        for (int i = 0; i < 10; i++) {
            jms.sendAccepted(IN, i == 5 ? "POISON" : "M" + i);
        }
        consume(1, 16);
        List<String> good = IntStream.range(0, 10).filter(i -> i != 5).mapToObj(i -> "M" + i).sorted().toList();
        assertEquals(List.of("POISON"), StagePipelineTest.await(
                () -> jms.browse(StageQueue.INCOMING.holdQueueName()), List.of("POISON"), Duration.ofSeconds(30)));
        assertEquals(good, StagePipelineTest.await(() -> jms.browse(OUT).stream().sorted().toList(), good,
                Duration.ofSeconds(10)));
        assertEquals(List.of(), jms.browse(IN));
        // the five taken before the poison shared its transaction: they went back once with it, and
        // then ran alone, so no message but the poison was delivered more than twice
        Set<String> twice = Set.copyOf(deliveryCounts.entrySet().stream().filter(e -> e.getValue() == 2)
                .map(Map.Entry::getKey).toList());
        assertTrue(twice.containsAll(Set.of("M0", "M1", "M2", "M3", "M4")), deliveryCounts.toString());
        assertTrue(deliveryCounts.values().stream().allMatch(n -> n <= 2), deliveryCounts.toString());
    }

    private void consume(int consumers, int batch) throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent(StageComponent.NAME,
                new StageComponent(broker.connectionFactory(), broker.connectionFactory(), broker::active));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(StageQueue.INCOMING.consumerUri(consumers, batch)).process(StageConsumerTest.this::handOn);
            }
        });
        camel.start();
    }

    private void handOn(Exchange exchange) throws Exception {
        String id = exchange.getIn().getHeader(Headers.QUEUE_ID, String.class);
        if (id.equals("POISON")) {
            throw new IllegalStateException("this message cannot be routed");
        }
        StageSender.send(exchange, OUT, exchange.getIn().getMandatoryBody(byte[].class), Map.of(Headers.QUEUE_ID, id));
        deliveryCounts.put(id, exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class));
    }

    private void declare(String... queues) throws JMSException {
        try (Connection c = broker.connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            for (String q : queues) {
                s.createConsumer(s.createQueue(q)).close();
            }
        }
    }
}
