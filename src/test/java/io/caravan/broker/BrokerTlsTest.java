package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.ChildJvm;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link between nodes over TLS: a core's acceptor with a certificate speaks only TLS, a client must trust
 * the certificate and find its host named in it, and an edge's bridge forwards over it.
 */
class BrokerTlsTest {

    private static final String USER = "edge";
    private static final String PASSWORD = "a-long-link-password";

    @TempDir
    Path dir;

    @Test
    void theCoreSpeaksOnlyTlsAndTheEdgeForwardsOverIt() throws Exception {
        TestCertificates.Issued core = TestCertificates.selfSignedAddress("127.0.0.1");
        TestCertificates.Issued stranger = TestCertificates.selfSignedAddress("127.0.0.1");
        Path cert = pem(dir.resolve("core.pem"), "CERTIFICATE", core.certificate().getEncoded());
        Path key = pem(dir.resolve("core.key"), "PRIVATE KEY", core.keys().getPrivate().getEncoded());
        Path trusted = pem(dir.resolve("trusted.pem"), "CERTIFICATE", core.certificate().getEncoded());
        Path other = pem(dir.resolve("other.pem"), "CERTIFICATE", stranger.certificate().getEncoded());
        int port = ChildJvm.freePort();
        String plain = "tcp://127.0.0.1:" + port;
        String tls = plain + "?sslEnabled=true&trustStoreType=PEMCA&trustStorePath=" + trusted;

        try (EmbeddedBroker coreBroker = EmbeddedBroker.start(named("core"), dir.resolve("core"),
                new EmbeddedBroker.Options("127.0.0.1:" + port, USER, PASSWORD, new BrokerTls(cert, key), null),
                null)) {
            assertThrows(JMSException.class, () -> connect(plain, 1), "plain TCP to a TLS acceptor");
            assertThrows(JMSException.class, () -> connect(plain + "?sslEnabled=true&trustStoreType=PEMCA"
                    + "&trustStorePath=" + other, 1), "a certificate the client does not trust");
            assertThrows(JMSException.class, () -> connect("tcp://localhost:" + port
                    + "?sslEnabled=true&trustStoreType=PEMCA&trustStorePath=" + trusted, 1),
                    "a certificate that does not name the host asked for (127.0.0.1, not localhost)");
            connect(tls, -1).close(); // trusted, and names the address

            try (EmbeddedBroker edge = EmbeddedBroker.start(named("edge"), dir.resolve("edge"),
                    new EmbeddedBroker.Options("", "", "", null, new CoreLink(tls, USER, PASSWORD)), null);
                 Connection atEdge = edge.connectionFactory().createConnection();
                 Connection atCore = coreBroker.connectionFactory().createConnection()) {
                Session edgeSession = atEdge.createSession(false, Session.AUTO_ACKNOWLEDGE);
                BytesMessage mail = edgeSession.createBytesMessage();
                mail.writeBytes("over tls".getBytes(StandardCharsets.US_ASCII));
                edgeSession.createProducer(edgeSession.createQueue(CoreLink.QUEUE)).send(mail);
                atCore.start();
                Session coreSession = atCore.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Message forwarded = coreSession.createConsumer(coreSession.createQueue(CoreLink.QUEUE))
                        .receive(Duration.ofSeconds(30).toMillis());
                assertNotNull(forwarded, "the bridge forwarded over TLS");
                assertEquals("over tls", new String(forwarded.getBody(byte[].class), StandardCharsets.US_ASCII));
            }
        }
    }

    /** What a pair's failover URL says of TLS reaches each of its brokers, and each checks the host it asked for. */
    @Test
    void aPairsUrlGivesItsTlsToEveryBroker() throws Exception {
        var pair = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        new CoreLink("(tcp://10.0.0.5:61616,tcp://10.0.0.6:61617)?ha=true&sslEnabled=true&trustStoreType=PEMCA"
                + "&trustStorePath=/etc/caravan/core-ca.pem&reconnectAttempts=-1", "u", "p").configure(pair);
        List<TransportConfiguration> connectors = pair.getBridgeConfigurations().get(0).getStaticConnectors()
                .stream().map(name -> pair.getConnectorConfigurations().get(name)).toList();
        assertEquals(2, connectors.size());
        for (TransportConfiguration connector : connectors) {
            assertEquals("true", String.valueOf(connector.getParams().get("sslEnabled")), connector.toString());
            assertEquals("/etc/caravan/core-ca.pem", connector.getParams().get("trustStorePath"));
            assertEquals("true", String.valueOf(connector.getParams().get("verifyHost")));
            assertTrue(!connector.getParams().containsKey("ha"), "a client option stays with the bridge");
        }
        var optedOut = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        new CoreLink("tcp://10.0.0.5:61616?sslEnabled=true&verifyHost=false", "", "").configure(optedOut);
        assertEquals("false", String.valueOf(optedOut.getConnectorConfigurations().values().iterator().next()
                .getParams().get("verifyHost")), "the URL's own choice stands");
    }

    /** A client of the core as an egress node is: the broker URL, its login, and host checking on. */
    private static Connection connect(String url, int attempts) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, USER, PASSWORD);
        factory.setReconnectAttempts(0);
        // a refused handshake shows as a call that gets no answer: give up after 3 s, not the client's 30
        factory.setCallTimeout(3000);
        factory.setInitialConnectAttempts(attempts == -1 ? 1 : attempts);
        for (TransportConfiguration connector : factory.getStaticConnectors()) {
            BrokerTls.verifyHostByDefault(connector);
        }
        Connection connection = factory.createConnection();
        connection.start();
        return connection;
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }

    /** config/broker.xml under a broker name of its own: two brokers in one JVM must not share their MBeans. */
    private Path named(String name) throws Exception {
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, Files.readString(Path.of("config/broker.xml"))
                .replace("<name>caravan</name>", "<name>" + name + "</name>"));
        return xml;
    }
}
