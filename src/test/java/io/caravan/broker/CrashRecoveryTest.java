package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with SIGKILL (no graceful stop) loses nothing: a new
 * gateway on the same data dir finds every message that was put on the
 * incoming queue, on one stage queue or another, each exactly once.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyQueuedMessageSurvivesKillNine() throws Exception {
        int port = ChildJvm.freePort();
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false)
                .set("caravan.broker.listen", "127.0.0.1:" + port);
        try (LoopbackDnsServer dns = LoopbackDnsServer.start()) { // both JVMs route by name through it
            node.routeByName(dns, "example.net", 2599);
            String[] args = {"--config", node.config().toString(), "--data", node.data().toString()};
            List<String> sent = new ArrayList<>();
            try (ChildJvm first = ChildJvm.start(dir.resolve("first.log"), dir, "io.caravan.Caravan", args)) {
                first.awaitPort(port, Duration.ofSeconds(60));
                try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                     Jms jms = new Jms(cf)) {
                    for (int i = 0; i < 200; i++) {
                        String id = String.format("K%04d", i);
                        jms.sendAccepted(StageQueue.INCOMING.queueName(), id); // returns once the broker has it on disk
                        sent.add(id);
                    }
                }
                first.kill();
            }
            try (ChildJvm second = ChildJvm.start(dir.resolve("second.log"), dir, "io.caravan.Caravan", args)) {
                second.awaitPort(port, Duration.ofSeconds(60));
                try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                     Jms jms = new Jms(cf)) {
                    List<String> found = StagePipelineTest.await(() -> {
                        List<String> all = new ArrayList<>(jms.browseLaneIds());
                        all.addAll(jms.browse(StageQueue.INCOMING.queueName()));
                        all.addAll(jms.browse(StageQueue.INCOMING.holdQueueName()));
                        all.sort(null);
                        return all;
                    }, sent, Duration.ofSeconds(30));
                    assertEquals(sent.size(), new TreeSet<>(found).size(), "every message found");
                    assertEquals(sent, found, "each exactly once");
                }
                assertEquals(143, second.terminate(Duration.ofSeconds(60)), "graceful stop on SIGTERM");
            }
        }
    }
}
