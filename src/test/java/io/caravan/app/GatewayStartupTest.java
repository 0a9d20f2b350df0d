package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.TestNode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up on the shipped configuration, and each start-up error naming its culprit. */
class GatewayStartupTest {

    @TempDir
    Path dir;

    @Test
    void startsOnShippedConfigWithEveryStageRoute() {
        try (Gateway gateway = new TestNode(dir).start()) {
            assertEquals(ServiceStatus.Started, gateway.camelContext().getRouteController().getRouteStatus("routing"));
            assertTrue(gateway.camelContext().getRoute("egress") != null, "egress route declared");
            assertTrue(Files.isDirectory(dir.resolve("data/broker/journal")), "journal under the data dir");
        }
    }

    @Test
    void operatorYamlRoutesAreLoaded() {
        TestNode node = new TestNode(dir).set("caravan.routes.dir", Path.of("routes").toAbsolutePath());
        try (Gateway gateway = node.start()) {
            assertTrue(gateway.camelContext().getRoute("example-hello") != null, "routes/example.camel.yaml loaded");
        }
    }

    @Test
    void portInUseNamesPortAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            TestNode node = new TestNode(dir).set("caravan.broker.listen", "127.0.0.1:" + port);
            ConfigException e = assertThrows(ConfigException.class, node::start);
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            assertTrue(e.getMessage().contains("caravan.broker.listen"), e.getMessage());
            assertTrue(!Files.exists(dir.resolve("data/broker")), "nothing started before the check");
        }
    }

    @Test
    void smtpPortInUseNamesPortAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            TestNode node = new TestNode(dir).set("caravan.smtp.submission.port", port);
            ConfigException e = assertThrows(ConfigException.class, node::start);
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            assertTrue(e.getMessage().contains("caravan.smtp.submission.port"), e.getMessage());
        }
    }

    @Test
    void malformedRoutingTableIsNamedWithItsLine() throws Exception {
        TestNode node = new TestNode(dir).transport("example.net", "other.example smtp:[127.0.0.1]:25");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("transport") && e.getMessage().contains(":1"), e.getMessage());
    }

    @Test
    void malformedYamlConfigIsNamed() throws Exception {
        TestNode node = new TestNode(dir).edit("egress.yaml", "regions:", "regions: [oops");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("egress.yaml"), e.getMessage());
    }

    @Test
    void responseRuleNamingAnUnknownProviderIsNamedWithFileAndLine() throws Exception {
        TestNode node = new TestNode(dir).edit("responses.yaml", "match: {providers: [qq], code: \"550\", text: \"Ip",
                "match: {providers: [tencent], code: \"550\", text: \"Ip");
        Path responses = node.config().resolve("responses.yaml");
        List<String> lines = Files.readAllLines(responses);
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("[tencent]")).findFirst().orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().startsWith(responses + ":" + line + ": provider 'tencent' is not in providers.yaml "
                + "(known: gmail, yahoo, "), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("data/broker")), "refused before the broker started");
    }

    @Test
    void malformedBrokerXmlIsNamed() {
        TestNode node = new TestNode(dir).edit("broker.xml", "</core>", "<core-oops></core>");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("broker.xml"), e.getMessage());
    }

    @Test
    void unknownKeyStopsTheStart() {
        TestNode node = new TestNode(dir).set("caravan.smtp.mx.prot", "25");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("caravan.smtp.mx.prot"), e.getMessage());
    }

    @Test
    void processExitsNonZeroWithOneLineNamingTheKey() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.routing.consumers", "many");
        try (ChildJvm child = ChildJvm.start(dir.resolve("out.log"), dir, "io.caravan.Caravan",
                "--config", node.config().toString(), "--data", node.data().toString())) {
            int code = child.awaitExit(java.time.Duration.ofSeconds(30));
            assertEquals(1, code);
            assertTrue(child.log().contains("caravan: caravan.routing.consumers"), child.log());
        }
    }
}
