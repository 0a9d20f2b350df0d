package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external broker dies and comes back on the same journal while the gateway keeps running:
 * the stage consumers should reconnect by themselves, so the backlog and mail queued after the
 * restart are routed on.
 *
 * <p>Known bug, reproduced by this test in about half of its runs (and by {@code bench/run.sh faults
 * --scenario broker-stop}): after the restart Camel's sjms2 listener containers log that they
 * recovered, yet the routing stage stops taking messages off {@code caravan.incoming} (nothing is
 * lost: the journal keeps them, and a gateway restart delivers them). Neither consumers on an
 * unpooled connection nor Artemis client reconnection fixed it. Disabled so CI stays meaningful;
 * enable it to work on the fix.
 */
@Disabled("known bug: stage consumers stall after an external broker restart under load (see javadoc)")
class StagesResumeAfterBrokerRestartTest {

    @TempDir
    Path dir;

    @Test
    void routingConsumesAgainAfterTheBrokerReturns() throws Exception {
        int backlog = 1500;
        int port = ChildJvm.freePort();
        TestNode node = new TestNode(dir.resolve("gateway")).set("caravan.egress.enabled", false)
                .transport("example.net smtp:[127.0.0.1]:2599")
                .set("caravan.broker.url", "tcp://127.0.0.1:" + port);
        String[] brokerArgs = {node.config().resolve("broker.xml").toString(), dir.resolve("broker-data").toString(),
                "127.0.0.1:" + port};
        ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(), brokerArgs);
        try {
            broker.awaitPort(port, Duration.ofSeconds(60));
            try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                 Jms jms = new Jms(cf)) {
                for (int i = 0; i < backlog; i++) {
                    jms.sendAccepted(StageQueue.INCOMING.queueName(), String.format("B%04d", i));
                }
            }
            try (Gateway gateway = node.start()) {
                Thread.sleep(300); // routing is busy with the backlog when the broker dies
                broker.kill();
                Thread.sleep(15_000); // longer than a few recovery attempts
                broker = ChildJvm.start(dir.resolve("broker2.log"), dir, BrokerProcess.class.getName(), brokerArgs);
                broker.awaitPort(port, Duration.ofSeconds(60));
                try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                     Jms jms = new Jms(cf)) {
                    jms.sendAccepted(StageQueue.INCOMING.queueName(), "C-AFTER");
                    int expected = backlog + 1;
                    List<String> routed = List.of();
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (routed.size() < expected && System.nanoTime() < deadline) {
                        Thread.sleep(500);
                        routed = jms.browse(StageQueue.DELIVERY.queueName()).stream().distinct().toList();
                    }
                    assertEquals(expected, routed.size(), "routing took everything off caravan.incoming after the "
                            + "restart; still there: " + jms.browse(StageQueue.INCOMING.queueName()).size());
                }
            }
        } finally {
            broker.close();
        }
    }
}
