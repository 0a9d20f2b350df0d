package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camel's live reload of the operator's YAML routes replaces the edited file's routes and leaves Caravan's
 * own running; the behaviour that would remove them is refused at start.
 */
class RouteReloadTest {

    @TempDir
    Path dir;

    @Test
    void editingAYamlRouteReplacesItAndKeepsTheGatewayRunning() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("probe.camel.yaml"), probe("v1"));
        TestNode node = new TestNode(dir.resolve("node")).set("caravan.routes.dir", routes.toAbsolutePath())
                .set("camel.main.routes-reload-enabled", true);
        try (Gateway gateway = node.start()) {
            ProducerTemplate template = gateway.camelContext().createProducerTemplate();
            assertEquals("v1", template.requestBody("direct:probe", "", String.class));

            Files.writeString(routes.resolve("probe.camel.yaml"), probe("v2"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"v2".equals(template.requestBody("direct:probe", "", String.class))) {
                assertTrue(System.nanoTime() < deadline, "the edited route was not reloaded within 30 s");
                Thread.sleep(200);
            }
            for (String id : new String[] {"ingress-mx", "ingress-submission", "routing", "egress"}) {
                assertEquals(ServiceStatus.Started, gateway.camelContext().getRouteController().getRouteStatus(id),
                        id);
            }
            try (SmtpTestClient smtp = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
                smtp.expect(220);
                smtp.cmd("EHLO client.example", 250);
            }
        }
    }

    @Test
    void reloadThatRemovesEveryRouteIsRefused() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        TestNode node = new TestNode(dir.resolve("node")).set("caravan.routes.dir", routes.toAbsolutePath())
                .set("camel.main.routes-reload-enabled", true)
                .set("camel.main.routes-reload-remove-all-routes", true);
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("routes-reload-remove-all-routes=true"), e.getMessage());
    }

    @Test
    void aRoutesFolderThatWasNamedMustExist() {
        TestNode node = new TestNode(dir.resolve("node")).set("caravan.routes.dir", "no-such-folder");
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("caravan.routes.dir=no-such-folder"), e.getMessage());
    }

    private static String probe(String answer) {
        return """
                - route:
                    id: probe
                    from:
                      uri: direct:probe
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(answer);
    }
}
