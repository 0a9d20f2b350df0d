package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Jms;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker dies while a client is in DATA: the client hears 451 (never
 * 250), later clients are refused before DATA, and when the broker is back
 * nothing of the message is in any queue.
 */
class BrokerStoppedTest {

    @TempDir
    Path dir;

    @Test
    void brokerLossMidTransactionAnswers451AndStoresNothing() throws Exception {
        int port = ChildJvm.freePort();
        TestNode node = new TestNode(dir.resolve("gateway")).acceptedDomains("example.net")
                .transport("example.net smtp:[127.0.0.1]:2599")
                .set("caravan.broker.url", "tcp://127.0.0.1:" + port);
        String[] brokerArgs = {node.config().resolve("broker.xml").toString(), dir.resolve("broker-data").toString(),
                "127.0.0.1:" + port};
        try (ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(),
                brokerArgs);
             Gateway gateway = startWhenUp(broker, port, node);
             SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
            client.expect(220);
            client.cmd("EHLO client.example.org", 250);
            client.cmd("MAIL FROM:<sender@example.org>", 250);
            client.cmd("RCPT TO:<a@example.net>", 250);
            client.cmd("DATA", 354);
            client.send("Subject: lost broker\r\n\r\nbody");

            broker.kill();
            client.send(".");
            String reply = client.expect(451);
            assertTrue(reply.startsWith("451 4.3.0"), reply);

            try (SmtpTestClient late = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
                String greeting = late.reply();
                if (greeting.startsWith("220")) {
                    late.cmd("EHLO client.example.org", 250);
                    late.cmd("MAIL FROM:<sender@example.org>", "452 4.3.1");
                } else {
                    assertTrue(greeting.startsWith("421 4.3.1"), greeting);
                }
            }
        }
        try (ChildJvm again = ChildJvm.start(dir.resolve("broker2.log"), dir, BrokerProcess.class.getName(),
                brokerArgs);
             ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port)) {
            again.awaitPort(port, Duration.ofSeconds(60));
            try (Jms jms = new Jms(cf)) {
                List<String> all = new ArrayList<>();
                for (StageQueue q : StageQueue.values()) {
                    all.addAll(jms.browse(q.queueName()));
                    all.addAll(jms.browse(q.holdQueueName()));
                }
                assertEquals(List.of(), all, "nothing half-written");
            }
        }
    }

    private static Gateway startWhenUp(ChildJvm broker, int port, TestNode node) throws InterruptedException {
        broker.awaitPort(port, Duration.ofSeconds(60));
        return node.start();
    }
}
