package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.caravan.testing.Jms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker stops itself on a critical IO error (a full disk under its page files) and would stay
 * stopped; it is started again on its journal, with every message it had stored.
 */
class BrokerRestartTest {

    @Test
    void brokerThatStoppedItselfRunsAgainWithItsMessages(@TempDir Path data) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), data, "")) {
            try (ActiveMQConnectionFactory cf = broker.connectionFactory(); Jms jms = new Jms(cf)) {
                jms.sendAccepted(StageQueue.INCOMING.queueName(), "R0001");
                jms.sendAccepted(StageQueue.INCOMING.queueName(), "R0002");
            }
            broker.server().stop(); // what Artemis does itself after AMQ222010
            assertFalse(broker.active());

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!broker.active() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            try (ActiveMQConnectionFactory cf = broker.connectionFactory(); Jms jms = new Jms(cf)) {
                assertEquals(List.of("R0001", "R0002"), jms.browse(StageQueue.INCOMING.queueName()));
            }
        }
    }
}
