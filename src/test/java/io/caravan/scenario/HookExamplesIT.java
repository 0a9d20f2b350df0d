package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.StampedRef;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator hook examples of routes/examples, as shipped, on the packaged jar: the accepted hook tags each
 * message and leaves its 8-bit body byte-exact, the before-delivery hook refuses a blocked domain without a
 * connection, the bounce hook POSTs that failure to a web hook, the deferral hook logs a receiver's 451, the
 * ingress policy hook refuses a sender and defers a recipient to a real SMTP client (Angus Mail), and the routing
 * hook sends a domain's mail through a smarthost.
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
             Sink smarthost = Sink.accepting();
             Sink busy = Sink.answering((rcpt, client) -> "451 4.3.2 try again later");
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("ok.example. 300 IN MX 10 mx.ok.example.").add("mx.ok.example. 300 IN A 127.0.0.1")
                    .add("blocked.example. 300 IN MX 10 mx.blocked.example.").add("mx.blocked.example. 300 IN A 127.0.0.1")
                    .add("busy.example. 300 IN MX 10 mx.busy.example.").add("mx.busy.example. 300 IN A 127.0.0.1")
                    .add("moved.example. 300 IN MX 10 mx.moved.example.").add("mx.moved.example. 300 IN A 127.0.0.1");
            gateway.dns(dns).set("caravan.node.name", "pop-1").write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "ok.example smtp:ok.example:" + ok.port() + "\n"
                            + "blocked.example smtp:blocked.example:" + blocked.port() + "\n"
                            + "busy.example smtp:busy.example:" + busy.port() + "\n");
            Path routes = Files.createDirectories(dir.resolve("routes"));
            for (String example : List.of("accepted-tag", "before-delivery-block", "bounce-webhook", "deferral-log",
                    "ingress-policy-block", "routing-next-hop")) {
                String yaml = Files.readString(Path.of("routes/examples", example + ".camel.yaml"));
                Files.writeString(routes.resolve(example + ".camel.yaml"),
                        yaml.replace("127.0.0.1:8099", "127.0.0.1:" + web.getAddress().getPort())
                                .replace("[127.0.0.1]:2526", "[127.0.0.1]:" + smarthost.port()));
            }
            gateway.start();
            assertTrue(gateway.log().contains("an operator route is on direct:caravan-accepted-hook; accepted mail is "
                    + "routed by the routing stage"), gateway.log());
            assertTrue(gateway.log().contains("an operator route is on direct:caravan-ingress-policy; every MAIL FROM "
                    + "and RCPT TO"), gateway.log());

            String body = "From: <app@example.org>\nTo: <r@ok.example>\nSubject: tag\nContent-Type: text/plain; "
                    + "charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n\u00e9t\u00e9 \u00e0 Z\u00fcrich\n";
            gateway.send("127.0.0.1", "app@example.org", List.of("r@ok.example"), body);
            gateway.send("127.0.0.1", "app@example.org", List.of("r@blocked.example"),
                    Mail.text("app@example.org", "r@blocked.example", "blocked"));
            String busyId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@example.org",
                    List.of("r@busy.example"), Mail.text("app@example.org", "r@busy.example", "busy")));

            byte[] delivered;
            try {
                delivered = ok.await(l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0).data();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + gateway.log(), e);
            }
            delivered = StampedRef.strip(delivered); // routing's sealed reference is the first field
            String text = new String(delivered, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("X-Accepted-By: pop-1\r\n"), text);
            byte[] sent = body.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = java.util.Arrays.copyOfRange(delivered, delivered.length - sent.length, delivered.length);
            assertArrayEquals(sent, tail, "the message as sent, every octet of its 8-bit body included");

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (posted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, posted.size(), "one web hook call: " + posted + "\n" + gateway.log());
            assertTrue(posted.get(0).contains("\"type\":\"failed\"") && posted.get(0).contains("r@blocked.example")
                    && posted.get(0).contains("5.7.1"), posted.get(0));
            assertEquals(List.of(), blocked.messages(), "refused before any connection");

            gateway.awaitLine(Duration.ofSeconds(30), "deferred " + busyId + ":", "4.3.2");

            // the ingress policy example, to a real SMTP client: a refused sender, a deferred recipient
            String refused = angusSend(gateway.mxPort(), "a@spam.example", "r@ok.example");
            assertTrue(refused.contains("550 5.7.1 mail from spam.example is refused here"), refused);
            String partial = angusSend(gateway.mxPort(), "app@example.org", "r2@ok.example", "frozen@ok.example");
            assertTrue(partial.contains("451 4.7.1 frozen@ok.example takes no mail for now"), partial);
            List<Sink.Received> toR2 = ok.await(l -> l.stream().anyMatch(m -> m.recipients().contains("r2@ok.example")),
                    Duration.ofSeconds(30));
            assertEquals(List.of(List.of("r2@ok.example")), toR2.stream().map(Sink.Received::recipients)
                    .filter(r -> r.contains("r2@ok.example")).toList(), "delivered to the recipient the hook let through");
            assertTrue(ok.senders().stream().noneMatch(f -> f.endsWith("@spam.example")), ok.senders().toString());

            // the routing next hop example: mail for moved.example arrives at the smarthost
            gateway.send("127.0.0.1", "app@example.org", List.of("r@moved.example"),
                    Mail.text("app@example.org", "r@moved.example", "moved"));
            assertEquals(List.of("r@moved.example"), smarthost.await(l -> !l.isEmpty(), Duration.ofSeconds(30))
                    .get(0).recipients());
        } finally {
            web.stop(0);
        }
    }

    /** Sends with Angus Mail, what may go partly; every refusal's text, or "" when all went. */
    private static String angusSend(int port, String from, String... to) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.localhost", "client.test");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.sendpartial", "true");
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        for (String rcpt : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(rcpt));
        }
        m.setSubject("policy");
        m.setText("hello\r\n");
        try {
            Transport.send(m);
            return "";
        } catch (MessagingException e) {
            StringBuilder all = new StringBuilder();
            for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
                all.append(x.getMessage()).append('\n');
            }
            return all.toString();
        }
    }
}
