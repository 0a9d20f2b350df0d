package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator hook examples of routes/examples, as shipped, on the packaged jar: the accepted hook tags each
 * message and leaves its 8-bit body byte-exact, the before-delivery hook refuses a blocked domain without a
 * connection, the bounce hook POSTs that failure to a web hook, and the deferral hook logs a receiver's 451.
 */
class HookExamplesIT {

    @TempDir
    Path dir;

    @Test
    void theShippedHookExamplesDoWhatTheySay() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/caravan/bounces", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        web.start();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink ok = Sink.accepting(); Sink blocked = Sink.accepting();
             Sink busy = Sink.answering((rcpt, client) -> "451 4.3.2 try again later");
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("ok.example. 300 IN MX 10 mx.ok.example.").add("mx.ok.example. 300 IN A 127.0.0.1")
                    .add("blocked.example. 300 IN MX 10 mx.blocked.example.").add("mx.blocked.example. 300 IN A 127.0.0.1")
                    .add("busy.example. 300 IN MX 10 mx.busy.example.").add("mx.busy.example. 300 IN A 127.0.0.1");
            gateway.dns(dns).set("caravan.node.name", "pop-1").write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "ok.example smtp:ok.example:" + ok.port() + "\n"
                            + "blocked.example smtp:blocked.example:" + blocked.port() + "\n"
                            + "busy.example smtp:busy.example:" + busy.port() + "\n");
            Path routes = Files.createDirectories(dir.resolve("routes"));
            for (String example : List.of("accepted-tag", "before-delivery-block", "bounce-webhook", "deferral-log")) {
                String yaml = Files.readString(Path.of("routes/examples", example + ".camel.yaml"));
                Files.writeString(routes.resolve(example + ".camel.yaml"),
                        yaml.replace("127.0.0.1:8099", "127.0.0.1:" + web.getAddress().getPort()));
            }
            gateway.start();
            assertTrue(gateway.log().contains("an operator route is on direct:caravan-accepted-hook; accepted mail is "
                    + "routed by the routing stage"), gateway.log());

            String body = "From: <app@example.org>\nTo: <r@ok.example>\nSubject: tag\nContent-Type: text/plain; "
                    + "charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n\u00e9t\u00e9 \u00e0 Z\u00fcrich\n";
            gateway.send("127.0.0.1", "app@example.org", List.of("r@ok.example"), body);
            gateway.send("127.0.0.1", "app@example.org", List.of("r@blocked.example"),
                    Mail.text("app@example.org", "r@blocked.example", "blocked"));
            String busyId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("r@busy.example"), Mail.text("app@example.org", "r@busy.example", "busy")));

            byte[] delivered = ok.await(l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0).data();
            String text = new String(delivered, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("X-Accepted-By: pop-1\r\n"), text);
            byte[] sent = body.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = java.util.Arrays.copyOfRange(delivered, delivered.length - sent.length, delivered.length);
            assertArrayEquals(sent, tail, "the message as sent, every octet of its 8-bit body included");

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (posted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, posted.size(), "one web hook call: " + posted);
            assertTrue(posted.get(0).contains("\"type\":\"failed\"") && posted.get(0).contains("r@blocked.example")
                    && posted.get(0).contains("5.7.1"), posted.get(0));
            assertEquals(List.of(), blocked.messages(), "refused before any connection");

            gateway.awaitLine(Duration.ofSeconds(30), "deferred " + busyId + ":", "4.3.2");
        } finally {
            web.stop(0);
        }
    }
}
