package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.TestNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hawtio is served by the gateway and its Jolokia sees the Camel routes, the Artemis queues and Caravan's own MBeans. */
class ConsoleTest {

    @TempDir
    Path dir;

    @Test
    void hawtioShowsCamelAndArtemis() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.console.enabled", true).set("caravan.console.port", 0)
                .set("caravan.node.name", "console-node");
        try (Gateway gateway = node.start()) {
            String base = "http://127.0.0.1:" + gateway.consolePort() + "/hawtio";
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().toLowerCase().contains("hawtio"), "the Hawtio page");

            String route = read(http, base, "org.apache.camel:context=caravan,type=routes,name=\"routing\"/State");
            assertTrue(route.contains("\"value\":\"Started\""), route);

            String queue = read(http, base,
                    "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,address=\"caravan.incoming\","
                            + "subcomponent=queues,routing-type=\"anycast\",queue=\"caravan.incoming\"/MessageCount");
            assertTrue(queue.contains("\"value\":0"), queue);

            String suspensions = read(http, base,
                    "io.caravan:type=Reputation,node=\"console-node\"/ActiveSuspensionCount");
            assertTrue(suspensions.contains("\"value\":0"), suspensions);
        }
    }

    private static String read(HttpClient http, String base, String mbeanAndAttribute) throws Exception {
        String path = URLEncoder.encode(mbeanAndAttribute, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/jolokia/read/" + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
