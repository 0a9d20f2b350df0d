package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external broker dies and comes back on the same journal while the gateway keeps running and
 * routing is busy with a backlog: the stage consumers are built anew once the broker answers
 * again ({@link ConsumerRestart}), so the backlog and mail queued after the restart are routed on.
 * Without that restart, Camel's own connection recovery left the routing consumer taking nothing
 * in about half of the runs of this test.
 */
class StagesResumeAfterBrokerRestartTest {

    @TempDir
    Path dir;

    @Test
    void routingConsumesAgainAfterTheBrokerReturns() throws Exception {
        int backlog = 1500;
        int port = ChildJvm.freePort();
        TestNode node = new TestNode(dir.resolve("gateway")).set("caravan.egress.enabled", false)
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
            try (LoopbackDnsServer dns = LoopbackDnsServer.start();
                 Gateway gateway = node.routeByName(dns, "example.net", 2599).start()) {
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
                        routed = jms.browseLaneIds().stream().distinct().toList();
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
