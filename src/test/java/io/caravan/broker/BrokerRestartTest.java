package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.caravan.testing.Jms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /**
     * The watch and close() run on different threads; whichever goes first, the broker ends stopped. (Without
     * the lock a restart that had checked before close() and started after it left a broker running; the test
     * cannot force that window, it checks the outcome of both orders.)
     */
    @Test
    void closingWhileTheWatchRestartsTheBrokerLeavesItStopped(@TempDir Path data) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), data, "");
        broker.server().stop();
        CompletableFuture<Void> restart = CompletableFuture.runAsync(broker::restartIfStopped);
        broker.close();
        restart.get(30, TimeUnit.SECONDS);
        assertFalse(broker.active(), "started again after close(), it would hold the journal's lock");

        broker.restartIfStopped(); // the watch's next tick, had it run after all
        assertFalse(broker.active());
    }
}
