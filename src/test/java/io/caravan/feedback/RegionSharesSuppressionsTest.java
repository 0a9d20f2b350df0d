package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.testing.BrokerProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a region on one external broker whose broker.xml has no setting for the suppression queue:
 * a suppression made on one node is refused at RCPT on the other, both ways, and neither node's reading takes
 * it away from the other (the queue is declared non-destructive by the node itself).
 */
class RegionSharesSuppressionsTest {

    @TempDir
    Path dir;

    private static final String[] SIGNATURE = {String.class.getName(), String.class.getName(),
        String.class.getName(), String.class.getName()};

    @Test
    void aSuppressionOnOneNodeHoldsOnTheOther() throws Exception {
        int port = ChildJvm.freePort();
        TestNode a = node("a", port);
        TestNode b = node("b", port);
        Path brokerXml = dir.resolve("broker.xml");
        String xml = Files.readString(a.config().resolve("broker.xml"));
        int from = xml.indexOf("<address-setting match=\"caravan.*.suppressions\">");
        int to = xml.indexOf("</address-setting>", from) + "</address-setting>".length();
        Files.writeString(brokerXml, xml.substring(0, from) + xml.substring(to));
        ObjectName bean = new ObjectName(Suppressions.NAME);
        try (ChildJvm broker = ChildJvm.start(dir.resolve("broker.log"), dir, BrokerProcess.class.getName(),
                brokerXml.toString(), dir.resolve("broker-data").toString(), "127.0.0.1:" + port)) {
            broker.awaitPort(port, Duration.ofSeconds(60));
            try (Gateway nodeA = a.start()) {
                ManagementFactory.getPlatformMBeanServer().invoke(bean, "suppress",
                        new Object[] {"domain:shop.example", "bob@remote.test", "", "from a"}, SIGNATURE);
                try (Gateway nodeB = b.start()) { // the bean is b's from now on
                    awaitRefused(nodeB, "bob@remote.test", "550 5.7.1");
                    ManagementFactory.getPlatformMBeanServer().invoke(bean, "suppress",
                            new Object[] {"domain:shop.example", "carol@remote.test", "", "from b"}, SIGNATURE);
                    awaitRefused(nodeA, "carol@remote.test", "550 5.7.1");
                    assertEquals("550 5.7.1", SuppressionNodeTest.rcpt(nodeA, "news@shop.example", "bob@remote.test"));
                    assertEquals("550 5.7.1", SuppressionNodeTest.rcpt(nodeB, "news@shop.example", "carol@remote.test"));
                    assertEquals(2, ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "Count"));
                }
            }
        }
    }

    private static void awaitRefused(Gateway node, String rcpt, String reply) throws Exception {
        String got = "";
        for (int i = 0; i < 100 && !(got = SuppressionNodeTest.rcpt(node, "news@shop.example", rcpt)).equals(reply); i++) {
            Thread.sleep(100);
        }
        assertEquals(reply, got, rcpt);
    }

    private TestNode node(String name, int port) throws Exception {
        TestNode t = new TestNode(dir.resolve(name)).set("caravan.node.name", name)
                .set("caravan.broker.url", "tcp://127.0.0.1:" + port).set("caravan.egress.enabled", false)
                .set("camel.main.jmxEnabled", false);
        Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
        return t;
    }
}
