package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.ChildJvm;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge's bridge and a core's login, on two embedded brokers with their journals (each under its own name,
 * as two nodes are): the edge keeps what it stored while the core is away and says so; the core's TCP acceptor
 * takes only the configured user; the bridge forwards what waited once the core is up.
 */
class CoreLinkTest {

    private static final String USER = "edge";
    private static final String PASSWORD = "a-long-link-password";

    @TempDir
    Path dir;

    @Test
    void theCoreTakesOnlyItsUserAndTheBridgeForwardsWhatTheEdgeKeptWhileItWasAway() throws Exception {
        int port = ChildJvm.freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (EmbeddedBroker edge = EmbeddedBroker.start(named("edge"), dir.resolve("edge"),
                new EmbeddedBroker.Options("", "", "", null, new CoreLink(url, USER, PASSWORD)), null);
             Connection atEdge = edge.connectionFactory().createConnection()) {
            Session edgeSession = atEdge.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer accepted = edgeSession.createProducer(edgeSession.createQueue(CoreLink.QUEUE));
            BytesMessage mail = edgeSession.createBytesMessage();
            mail.writeBytes("the accepted message".getBytes(StandardCharsets.US_ASCII));
            accepted.send(mail);
            await(() -> edge.coreLink().waiting() == 1); // the queue's count follows the send, not with it
            assertEquals("core link " + url + ": down, 1 message waiting to be forwarded", edge.coreLink().line(url));

            try (EmbeddedBroker core = EmbeddedBroker.start(named("core"), dir.resolve("core"),
                    new EmbeddedBroker.Options("127.0.0.1:" + port, USER, PASSWORD, null, null), null)) {
                try (Connection atCore = new ActiveMQConnectionFactory(url, USER, PASSWORD).createConnection();
                     Connection inVm = core.connectionFactory().createConnection()) {
                    inVm.start(); // the node's own stages log in with the broker's in-VM password
                    // asked after the in-VM login, which the broker caches: no other client passes for it
                    assertThrows(JMSSecurityException.class,
                            () -> new ActiveMQConnectionFactory(url).createConnection().close(), "no login");
                    assertThrows(JMSSecurityException.class,
                            () -> new ActiveMQConnectionFactory(url, USER, "wrong").createConnection().close(),
                            "wrong password");
                    assertThrows(JMSSecurityException.class, () -> new ActiveMQConnectionFactory(url,
                            BrokerSecurity.IN_VM_USER, "").createConnection().close(), "the node's own user, from outside");
                    Session coreSession = inVm.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer routing = coreSession.createConsumer(coreSession.createQueue(CoreLink.QUEUE));
                    Message forwarded = routing.receive(Duration.ofSeconds(30).toMillis());
                    assertNotNull(forwarded, "the bridge forwarded what the edge kept");
                    assertEquals("the accepted message", new String(forwarded.getBody(byte[].class),
                            StandardCharsets.US_ASCII));
                    await(() -> edge.coreLink().connected() && edge.coreLink().waiting() == 0);
                    assertEquals("core link " + url + ": connected, 0 messages waiting to be forwarded",
                            edge.coreLink().line(url));
                    assertNull(routing.receive(500), "one copy");
                    atCore.start(); // the configured user is let in
                }
            }
        }
    }

    /** config/broker.xml under a broker name of its own: two brokers in one JVM must not share their MBeans. */
    private Path named(String name) throws Exception {
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, Files.readString(Path.of("config/broker.xml"))
                .replace("<name>caravan</name>", "<name>" + name + "</name>"));
        return xml;
    }

    /**
     * A pair's failover URL gives the bridge a connector per broker and makes it an HA bridge, which follows the
     * pair's active broker; one connector from that URL would keep only its last host. One URL keeps one.
     */
    @Test
    void aPairsFailoverUrlGivesTheBridgeBothBrokers() throws Exception {
        var pair = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        new CoreLink("(tcp://10.0.0.5:61616,tcp://10.0.0.6:61617)?ha=true&reconnectAttempts=-1", "u", "p")
                .configure(pair);
        var bridge = pair.getBridgeConfigurations().get(0);
        assertTrue(bridge.isHA());
        assertEquals(2, bridge.getStaticConnectors().size());
        assertEquals(java.util.List.of("10.0.0.5:61616", "10.0.0.6:61617"), bridge.getStaticConnectors().stream()
                .map(name -> pair.getConnectorConfigurations().get(name).getParams())
                .map(params -> params.get("host") + ":" + params.get("port")).toList());

        var one = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        new CoreLink("tcp://10.0.0.5:61616", "", "").configure(one);
        assertEquals(1, one.getBridgeConfigurations().get(0).getStaticConnectors().size());
        assertTrue(!one.getBridgeConfigurations().get(0).isHA());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
