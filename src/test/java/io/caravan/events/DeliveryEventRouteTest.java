package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Json;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import jakarta.jms.MessageConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator route of docs/ROUTES.md that watches delivery events, taken from the page as it is:
 * a recipient routing refuses becomes a bounced event, and the route passes it on.
 */
class DeliveryEventRouteTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedRouteSeesBounces() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("bounce-watch.camel.yaml"), documentedRoute());
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false)
                .set("caravan.routes.dir", routes.toAbsolutePath())
                .transport("gone.example error:5.1.1 this domain is gone");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            MessageConsumer bounces = jms.consume("ops.bounces");
            jms.send(StageQueue.INCOMING.queueName(), "R1", "Subject: r\r\n\r\nbody\r\n".getBytes(),
                    EnvelopeJson.write(Jms.envelope("R1", "someone@gone.example")));
            String json = Jms.next(bounces, Duration.ofSeconds(30));
            assertNotNull(json, "the route passed the bounce on");
            DeliveryEvent e = Json.read(json, DeliveryEvent.class);
            assertEquals("bounced R1 someone@gone.example 5.1.1", e.type() + " " + e.queueId() + " " + e.recipient()
                    + " " + e.enhanced());
        }
    }

    /** The YAML block of docs/ROUTES.md whose route id is bounce-watch. */
    private static String documentedRoute() throws Exception {
        String page = Files.readString(Path.of("docs/ROUTES.md"));
        int id = page.indexOf("id: bounce-watch");
        int start = page.lastIndexOf("```yaml\n", id) + "```yaml\n".length();
        return page.substring(start, page.indexOf("```", id));
    }
}
