package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.MessageBody;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import jakarta.jms.ConnectionFactory;
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
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage consumer on the embedded broker with its journal: batches hand every message on exactly
 * once, and a message that fails takes its batch back to the queue once, then runs alone, so only
 * it ends in the hold queue. A consumer that runs ahead of the broker's answers, and loses the broker,
 * does again no more than its run-ahead allows.
 */
class StageConsumerTest {

    private static final String IN = StageQueue.INCOMING.queueName();
    private static final String OUT = StageQueue.DELIVERY.queueName();

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private int port;
    private CamelContext camel;
    /** The consumers' factory over TCP, when a test uses one: closed after the consumers. */
    private ActiveMQConnectionFactory tcp;
    private Jms jms;
    /** Queue id → how often the broker had delivered it when the route handed it on. */
    private final Map<String, Integer> deliveryCounts = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        Path xml = dir.resolve("broker.xml");
        Files.writeString(xml, Files.readString(Path.of("config/broker.xml"))
                .replace("<redelivery-delay>1000</redelivery-delay>", "<redelivery-delay>10</redelivery-delay>"));
        port = ChildJvm.freePort();
        broker = EmbeddedBroker.start(xml, dir.resolve("data"), "127.0.0.1:" + port);
        declare(IN, OUT, StageQueue.INCOMING.holdQueueName(), StageQueue.BOUNCE.queueName());
        jms = new Jms(broker.connectionFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (tcp != null) {
            tcp.close();
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

    /**
     * Bodies below, at and above the broker's large-message size (100 KiB) and Caravan's in-heap limit (1 MiB)
     * reach the route byte for byte: the large ones in the heap are saved from the broker's stream, the largest is
     * spooled to a file.
     */
    @Test
    void bodiesOfEverySizeReachTheRouteWhole() throws Exception {
        Map<String, byte[]> sent = new java.util.TreeMap<>();
        int[] sizes = {5 * 1024, 100 * 1024 - 1, 100 * 1024 + 1, 300 * 1024, MessageBody.IN_MEMORY_LIMIT,
                MessageBody.IN_MEMORY_LIMIT + 1};
        java.util.Random random = new java.util.Random(7);
        for (int size : sizes) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            sent.put("S" + size, body);
            jms.send(IN, "S" + size, body, EnvelopeJson.write(Jms.envelope("S" + size, "rcpt@example.net")));
        }
        Map<String, byte[]> got = new ConcurrentHashMap<>();
        consume(broker.connectionFactory(), StageQueue.INCOMING.consumerUri(1, 1), exchange -> {
            Object body = exchange.getIn().getBody();
            byte[] bytes = body instanceof MessageBody whole ? whole.open().readAllBytes() : (byte[]) body;
            got.put(exchange.getIn().getHeader(Headers.QUEUE_ID, String.class), bytes);
        }, false);
        assertEquals(sent.keySet(), StagePipelineTest.await(() -> new java.util.TreeSet<>(got.keySet()),
                sent.keySet(), Duration.ofSeconds(30)));
        sent.forEach((id, body) -> assertTrue(java.util.Arrays.equals(body, got.get(id)), id + " arrived changed"));
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

    @Test
    void aLostConnectionRepeatsAtMostTheRunAheadPerConsumer() throws Exception {
        List<String> ids = IntStream.range(0, 400).mapToObj(i -> "M" + i).toList();
        for (String id : ids) {
            jms.sendAccepted(IN, id); // small messages: each consumer prefetches far more than its run-ahead
        }
        int consumers = 2;
        int runAhead = 4;
        Map<String, Integer> acted = new ConcurrentHashMap<>();
        tcp = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        consume(tcp, StageQueue.INCOMING.consumerUri(consumers, 1, runAhead), exchange -> {
            // acts outside the broker, as egress does, so a lost commit means acting twice
            acted.merge(exchange.getIn().getHeader(Headers.QUEUE_ID, String.class), 1, Integer::sum);
            Thread.sleep(2);
        }, false);
        assertTrue(StagePipelineTest.await(() -> acted.size() >= 100, true, Duration.ofSeconds(30)),
                "the consumers did not get going");
        // the consumers' TCP connections drop without a word, as when the broker is killed or the network
        // cut: what they send from then on is lost, and the broker gets the unacknowledged messages back
        broker.server().getRemotingService().getConnections()
                .forEach(c -> c.getTransportConnection().forceClose());

        assertTrue(StagePipelineTest.await(() -> acted.keySet().containsAll(ids), true, Duration.ofSeconds(60)),
                "not every message was acted on after the connections dropped");
        assertEquals(List.of(), StagePipelineTest.await(() -> jms.browse(IN), List.of(), Duration.ofSeconds(30)));
        int repeated = acted.values().stream().mapToInt(n -> n - 1).sum();
        assertTrue(repeated <= consumers * (runAhead + 1),
                repeated + " repeated, more than run-ahead + the one in hand per consumer: " + acted);
    }

    @Test
    void aConsumerThatFailsWithAnErrorIsRestartedCountedAndItsMessageRedelivered() throws Exception {
        for (int i = 0; i < 6; i++) {
            jms.sendAccepted(IN, i == 3 ? "HEAVY" : "M" + i);
        }
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        int consumers = 2;
        consume(broker.connectionFactory(), StageQueue.INCOMING.consumerUri(consumers, 1), exchange -> {
            // the first time it arrives, this message fails its consumer as a too-large body did: with an Error
            if (exchange.getIn().getHeader(Headers.QUEUE_ID, String.class).equals("HEAVY") && failedOnce.add("HEAVY")) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
            check(exchange);
        }, true);
        List<String> all = List.of("HEAVY", "M0", "M1", "M2", "M4", "M5");
        assertEquals(all, StagePipelineTest.await(() -> jms.browse(OUT).stream().sorted().toList(), all,
                Duration.ofSeconds(30)));
        assertEquals(List.of(), jms.browse(IN));
        assertEquals(2, deliveryCounts.get("HEAVY"), "redelivered once, after the failed attempt");
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = StageConsumer.objectName(IN);
        assertEquals(1L, jmx.getAttribute(name, "Restarts"));
        assertEquals(consumers, jmx.getAttribute(name, "Configured"));
        assertEquals(consumers, StagePipelineTest.await(() -> jmx.getAttribute(name, "Running"), consumers,
                Duration.ofSeconds(10)));
        // the failed exchange no longer counts as in flight, so a graceful stop does not wait out its timeout
        assertEquals(0, camel.getInflightRepository().size());
        assertEquals(0, camel.getInflightRepository().size(camel.getRoutes().get(0).getRouteId()));
    }

    @Test
    void aRouteThatFailsAfterItsHandOffTakesBothBack() throws Exception {
        jms.sendAccepted(IN, "ONCE"); // fails the first time, after its hand-off, and runs again
        jms.sendAccepted(IN, "ALWAYS"); // fails every time, after its hand-off, until it is held
        consume(broker.connectionFactory(), StageQueue.INCOMING.consumerUri(1, 1), exchange -> {
            String id = exchange.getIn().getHeader(Headers.QUEUE_ID, String.class);
            deliveryCounts.put(id, exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class));
        }, "stage:" + OUT, exchange -> {
            String id = exchange.getIn().getHeader(Headers.QUEUE_ID, String.class);
            if (id.equals("ALWAYS") || deliveryCounts.get(id) == 1) {
                throw new IllegalStateException("fails after its hand-off");
            }
        });
        assertEquals(List.of("ALWAYS"), StagePipelineTest.await(
                () -> jms.browse(StageQueue.INCOMING.holdQueueName()), List.of("ALWAYS"), Duration.ofSeconds(30)));
        // the failed attempts' hand-offs were rolled back with them: ONCE is on the target once, ALWAYS never
        assertEquals(List.of("ONCE"), jms.browse(OUT));
        assertEquals(2, deliveryCounts.get("ONCE"));
        assertEquals(List.of(), jms.browse(IN));
    }

    @Test
    void aHandOffOutsideTheConsumersThreadIsRefusedNotSentOutsideTheTransaction() throws Exception {
        jms.sendAccepted(IN, "TAPPED");
        camel = new DefaultCamelContext();
        camel.addComponent(StageComponent.NAME, new StageComponent(broker.connectionFactory(),
                broker.connectionFactory(), broker::active));
        java.util.concurrent.CompletableFuture<Exception> tapped = new java.util.concurrent.CompletableFuture<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(StageQueue.INCOMING.consumerUri(1, 1)).wireTap("direct:tap").to("stage:" + OUT);
                from("direct:tap").doTry().to("stage:" + StageQueue.BOUNCE.queueName())
                        .doCatch(Exception.class).process(e -> tapped.complete(
                                e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))).end();
            }
        });
        camel.start();
        Exception refused = tapped.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(refused.getMessage().contains("consumer's thread"), refused.toString());
        assertEquals(List.of("TAPPED"), StagePipelineTest.await(() -> jms.browse(OUT), List.of("TAPPED"),
                Duration.ofSeconds(10)));
        assertEquals(List.of(), jms.browse(StageQueue.BOUNCE.queueName()));
    }

    private void consume(int consumers, int batch) throws Exception {
        consume(broker.connectionFactory(), StageQueue.INCOMING.consumerUri(consumers, batch), this::check, true);
    }

    /** @param handOn whether the route then hands each message on to {@code OUT}, in its transaction */
    private void consume(ConnectionFactory factory, String uri, Processor route, boolean handOn) throws Exception {
        consume(factory, uri, route, handOn ? "stage:" + OUT : null, exchange -> { });
    }

    private void consume(ConnectionFactory factory, String uri, Processor before, String to, Processor after)
            throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent(StageComponent.NAME, new StageComponent(factory, factory, broker::active));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (to == null) {
                    from(uri).process(before);
                } else {
                    from(uri).process(before).to(to).process(after);
                }
            }
        });
        camel.start();
    }

    private void check(Exchange exchange) {
        String id = exchange.getIn().getHeader(Headers.QUEUE_ID, String.class);
        if (id.equals("POISON")) {
            throw new IllegalStateException("this message cannot be routed");
        }
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
