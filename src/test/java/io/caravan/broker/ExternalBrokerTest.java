package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.caravan.app.Gateway;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With caravan.broker.url set, the stages run over a broker in another process and no embedded one starts. */
class ExternalBrokerTest {

    @TempDir
    Path dir;

    @Test
    void stagesRunOverAnExternalBroker() throws Exception {
        int port = ChildJvm.freePort();
        TestNode node = new TestNode(dir.resolve("gateway")).set("caravan.egress.enabled", false)
                .set("caravan.broker.url", "tcp://127.0.0.1:" + port);
        try (ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(),
                node.config().resolve("broker.xml").toString(), dir.resolve("broker-data").toString(),
                "127.0.0.1:" + port)) {
            broker.awaitPort(port, Duration.ofSeconds(60));
            try (LoopbackDnsServer dns = LoopbackDnsServer.start();
                 Gateway gateway = node.routeByName(dns, "example.net", 2599).start();
                 Jms jms = new Jms(gateway.connectionFactory())) {
                jms.sendAccepted(StageQueue.INCOMING.queueName(), "EXT1");
                assertEquals(java.util.List.of("EXT1"), StagePipelineTest.await(
                        () -> jms.browseLaneIds(), java.util.List.of("EXT1"),
                        Duration.ofSeconds(20)));
            }
            assertFalse(Files.exists(node.data().resolve("broker")), "no embedded broker was started");
            assertEquals(true, Files.isDirectory(dir.resolve("broker-data/broker/journal")));
        }
    }
}
