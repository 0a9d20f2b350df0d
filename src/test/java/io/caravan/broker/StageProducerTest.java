package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.caravan.message.Headers;
import io.caravan.testing.Jms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage producer on the embedded broker with its journal: an exchange completes only once its
 * message is on the queue, carrying Caravan's headers and no others; once the broker is gone, a send
 * fails instead of waiting, so ingress can answer 451.
 */
class StageProducerTest {

    private static final String IN = StageQueue.INCOMING.queueName();

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private CamelContext camel;
    private ProducerTemplate template;
    private Jms jms;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(Path.of("config/broker.xml"), dir.resolve("data"), "");
        ActiveMQConnectionFactory producers = broker.connectionFactory();
        producers.setConfirmationWindowSize(BrokerConnection.INGRESS_CONFIRMATION_WINDOW);
        camel = new DefaultCamelContext();
        camel.addComponent(StageComponent.NAME, new StageComponent(broker.connectionFactory(), producers,
                broker::active));
        camel.start();
        template = camel.createProducerTemplate();
        jms = new Jms(broker.connectionFactory());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        jms.close();
        broker.close();
    }

    @Test
    void everyCompletedSendIsOnTheQueueWithCaravansHeadersOnly() throws Exception {
        List<CompletableFuture<Exchange>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(send("M" + i));
        }
        for (CompletableFuture<Exchange> send : sends) {
            assertNull(send.get(30, TimeUnit.SECONDS).getException());
        }
        List<Jms.Queued> queued = jms.browseMessages(IN);
        assertEquals(IntStream.range(0, 200).mapToObj(i -> "M" + i).sorted().toList(),
                queued.stream().map(q -> q.property(Headers.QUEUE_ID)).sorted().toList());
        Jms.Queued m7 = queued.stream().filter(q -> "M7".equals(q.property(Headers.QUEUE_ID))).findFirst()
                .orElseThrow();
        assertArrayEquals("Subject: M7\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), m7.body());
        assertEquals(2, m7.properties().get(Headers.ATTEMPTS));
        assertNull(m7.properties().get("OperatorNote"), m7.properties().toString());
    }

    @Test
    void aSendAfterTheBrokerStoppedFails() throws Exception {
        assertNull(send("before").get(30, TimeUnit.SECONDS).getException());
        broker.close();
        assertNotNull(send("after").get(30, TimeUnit.SECONDS).getException());
    }

    private CompletableFuture<Exchange> send(String id) {
        return template.asyncSend(StageQueue.INCOMING.producerUri(), exchange -> {
            exchange.getIn().setBody(("Subject: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
            exchange.getIn().setHeader(Headers.QUEUE_ID, id);
            exchange.getIn().setHeader(Headers.ATTEMPTS, 2);
            exchange.getIn().setHeader("OperatorNote", "stays in the route");
        });
    }
}
