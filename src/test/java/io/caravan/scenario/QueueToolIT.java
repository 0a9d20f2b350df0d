package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.testing.Http;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's own {@code queue} commands against the jar running: a delivery the receiver defers with a 451
 * is listed with that reply and shown with its header fields to an operator (a viewer is told they are an
 * operator's to read), an operator holds it (listed as held), releases it (back on the delivery queue) and
 * deletes it (gone); a viewer's delete is refused in one line naming the role it needs.
 */
class QueueToolIT {

    private static final String OPERATOR = "otto";
    private static final String OPERATOR_PASSWORD = "otto-pass";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera-pass";

    @TempDir
    Path dir;

    @Test
    // about fifteen runs of the jar's queue command, each a JVM of its own: past 5 minutes on a loaded two-core host
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aDeferredMessageIsListedHeldReleasedAndDeleted() throws Exception {
        Sink.Answer busy = (rcpt, client) -> "451 4.3.0 <" + rcpt + ">: mailbox busy, try again later";
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink receiver = Sink.answering(busy);
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx.example.net.").add("mx.example.net. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.net smtp:example.net:" + receiver.port() + "\n");
            assertEquals(0, gateway.command(OPERATOR_PASSWORD, "user", "add", "--console", OPERATOR, "--role",
                    "operator", "--password-stdin"), () -> gateway.commandOutput());
            assertEquals(0, gateway.command(VIEWER_PASSWORD, "user", "add", "--console", VIEWER, "--role", "viewer",
                    "--password-stdin"), () -> gateway.commandOutput());
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@sender.test",
                    List.of("rcpt@example.net"), Mail.text("app@sender.test", "rcpt@example.net", "deferred")));

            JsonNode deferred = awaitListed(gateway, queueId, Duration.ofSeconds(30));
            // the retry waits on its destination's lane (caravan.lane.<pool>.<provider>), found by name
            assertTrue(deferred.get("queue").asText().startsWith("caravan.lane."), deferred.toString());
            assertEquals("delivery", deferred.get("stage").asText(), deferred.toString());
            assertEquals("deferred", deferred.get("state").asText(), deferred.toString());
            assertEquals(false, deferred.get("held").asBoolean());
            assertEquals("app@sender.test", deferred.get("sender").asText());
            assertEquals("rcpt@example.net", deferred.get("recipients").get(0).asText());
            assertEquals("451 4.3.0 <rcpt@example.net>: mailbox busy, try again later",
                    deferred.get("lastReply").asText(), deferred.toString());
            assertTrue(deferred.get("attempts").asInt() >= 1, deferred.toString());

            // the deferred copy waits on its lane as a scheduled message, which a browse does not see
            assertEquals(0, operator(gateway, "show", queueId), () -> gateway.commandOutput());
            String shown = gateway.commandLog();
            assertTrue(shown.contains("header:       Subject: deferred\n"), "an operator sees the header fields: "
                    + shown);
            assertTrue(shown.contains("header:       To: <rcpt@example.net>\n"), shown);
            assertEquals(0, gateway.command(VIEWER_PASSWORD, "queue", "show", queueId, "--user", VIEWER,
                    "--password-stdin"), () -> gateway.commandOutput());
            String seenByViewer = gateway.commandLog();
            assertTrue(seenByViewer.contains("recipient:    rcpt@example.net"), seenByViewer);
            assertTrue(seenByViewer.contains("header:       (not shown: refused: your role may not call headerSections"
                    + " (it needs the operator role))"), seenByViewer);
            assertTrue(!seenByViewer.contains("Subject:"), "no header field for a viewer: " + seenByViewer);

            assertEquals(0, operator(gateway, "hold", queueId), () -> gateway.commandOutput());
            JsonNode held = listed(gateway, queueId);
            assertEquals("caravan.delivery.hold", held.get("queue").asText(), held.toString());
            assertEquals(true, held.get("held").asBoolean());
            assertEquals(0, operator(gateway, "show", queueId, "--json"), () -> gateway.commandOutput());
            JsonNode heldShown = single(new ObjectMapper().readTree(gateway.commandLog()));
            assertTrue(heldShown.get("header").toString().contains("\"Subject: deferred\""), heldShown.toString());
            assertEquals(0, operator(gateway, "list"), () -> gateway.commandOutput());
            assertTrue(gateway.commandLog().contains(queueId + "  delivery  held"), () -> gateway.commandOutput());

            assertEquals(0, operator(gateway, "release", queueId), () -> gateway.commandOutput());
            JsonNode released = listed(gateway, queueId);
            assertEquals("delivery", released.get("stage").asText(), released.toString());
            assertEquals(false, released.get("held").asBoolean(), released.toString());
            assertEquals(1, operator(gateway, "release", queueId), "nothing left to release");

            assertEquals(2, gateway.command(VIEWER_PASSWORD, "queue", "delete", queueId, "--user", VIEWER,
                    "--password-stdin"), () -> gateway.commandOutput());
            assertEquals("caravan: queue delete: refused: your role may not call removeMessages(java.lang.String)"
                    + " (it needs the operator role)", gateway.commandLog().strip());
            assertEquals(queueId, listed(gateway, queueId).get("queueId").asText(), "the viewer removed nothing");

            assertEquals(0, operator(gateway, "delete", queueId), () -> gateway.commandOutput());
            assertEquals("[]", listJson(gateway).toString(), "nothing left queued");
        }
    }

    /**
     * A delivery deferred with a 451 is listed (selected by state and destination) with its reply, shown,
     * counted by the summary under its destination, and delivered by a flush of that destination once the
     * receiver takes it; a second deferred message is bounced, and its sender's MX receives the DSN. A drain
     * takes readiness down and makes the MX listener answer 421 until the undrain.
     */
    @Test
    void aDeferredMessageIsSummarizedFlushedAndAnotherBouncedAndTheNodeDrains() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        Sink.Answer answer = (rcpt, client) -> busy.get()
                ? "451 4.3.0 <" + rcpt + ">: mailbox busy, try again later" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink receiver = Sink.answering(answer);
             Sink senderMx = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx.example.net.").add("mx.example.net. 300 IN A 127.0.0.1")
                    .add("sender.test. 300 IN MX 10 mx.sender.test.").add("mx.sender.test. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.net smtp:example.net:" + receiver.port() + "\n"
                            + "sender.test smtp:sender.test:" + senderMx.port() + "\n");
            gateway.set("caravan.queue.summary-interval", "1s");
            assertEquals(0, gateway.command(OPERATOR_PASSWORD, "user", "add", "--console", OPERATOR, "--role",
                    "operator", "--password-stdin"), () -> gateway.commandOutput());
            gateway.start();

            String first = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@sender.test",
                    List.of("rcpt@example.net"), Mail.text("app@sender.test", "rcpt@example.net", "deferred first")));
            JsonNode deferred = awaitListed(gateway, first, Duration.ofSeconds(30));
            String destination = deferred.get("destination").asText();
            assertEquals("example.net", destination, "the unknown provider's registered domain: " + deferred);
            assertEquals("deferred", deferred.get("state").asText(), deferred.toString());

            assertEquals(first, single(listJson(gateway, "--state", "deferred", "--destination", destination,
                    "--sender", "app@")).get("queueId").asText());
            assertEquals("[]", listJson(gateway, "--state", "held").toString());
            assertEquals("[]", listJson(gateway, "--destination", "gmail").toString());

            assertEquals(0, operator(gateway, "show", first), () -> gateway.commandOutput());
            String shown = gateway.commandLog();
            assertTrue(shown.contains("reply:        451 4.3.0 <rcpt@example.net>: mailbox busy, try again later"),
                    shown);
            assertTrue(shown.contains("recipient:    rcpt@example.net"), shown);
            assertTrue(shown.contains("header:       Subject: deferred first\n"), "an operator sees the header"
                    + " fields of the deferred (scheduled) copy: " + shown);

            assertEquals(0, operator(gateway, "summary", "--json"), () -> gateway.commandOutput());
            JsonNode row = single(new ObjectMapper().readTree(gateway.commandLog()));
            assertEquals(destination, row.get("destination").asText(), row.toString());
            assertEquals(1, row.get("deferred").asInt(), row.toString());
            assertEquals(1, row.get("total").asInt(), row.toString());

            String depth = "caravan_queue_depth{destination=\"other\",stage=\"delivery\",state=\"deferred\"} 1.0";
            Http.Answer metrics = Http.await(gateway.consolePort(), "/metrics", a -> a.body().contains(depth),
                    Duration.ofSeconds(10));
            assertTrue(metrics.body().contains(depth), "the periodic listing counts it under other (no provider"
                    + " of providers.yaml): " + metrics.body());

            busy.set(false);
            assertEquals(0, operator(gateway, "flush", destination), () -> gateway.commandOutput());
            receiver.await(m -> !m.isEmpty(), Duration.ofSeconds(30));
            assertEquals(List.of("rcpt@example.net"), receiver.messages().get(0).recipients(),
                    "flushed long before the 5 minutes of the retry schedule");
            awaitGone(gateway, first);

            busy.set(true);
            String second = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@sender.test",
                    List.of("rcpt@example.net"), Mail.text("app@sender.test", "rcpt@example.net", "to bounce")));
            awaitListed(gateway, second, Duration.ofSeconds(30));
            assertEquals(0, operator(gateway, "bounce", second), () -> gateway.commandOutput());
            List<Sink.Received> dsn = senderMx.await(m -> !m.isEmpty(), Duration.ofSeconds(30));
            String notice = new String(dsn.get(0).data(), StandardCharsets.UTF_8);
            assertEquals(List.of("app@sender.test"), dsn.get(0).recipients());
            assertTrue(notice.contains("multipart/report") && notice.contains("Status: 5.0.0")
                    && notice.contains("rcpt@example.net"), notice);
            awaitGone(gateway, second);
            assertEquals(1, receiver.messages().size(), "the bounced message was not delivered");

            int port = gateway.consolePort();
            assertEquals(0, operator(gateway, "drain"), () -> gateway.commandOutput());
            Http.Answer ready = Http.get(port, "/health/ready");
            assertEquals(503, ready.status());
            assertTrue(ready.body().contains("drained: "), ready.body());
            try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                    new InetSocketAddress("127.0.0.1", gateway.mxPort()))) {
                smtp.expect(421);
            }
            assertEquals(0, operator(gateway, "undrain"), () -> gateway.commandOutput());
            assertEquals(200, Http.get(port, "/health/ready").status());
            try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                    new InetSocketAddress("127.0.0.1", gateway.mxPort()))) {
                smtp.expect(220);
            }
        }
    }

    private static JsonNode single(JsonNode array) {
        assertEquals(1, array.size(), array.toString());
        return array.get(0);
    }

    private static JsonNode listJson(PackagedGateway gateway, String... filters) throws Exception {
        String[] args = new String[filters.length + 2];
        args[0] = "list";
        args[1] = "--json";
        System.arraycopy(filters, 0, args, 2, filters.length);
        assertEquals(0, operator(gateway, args), () -> gateway.commandOutput());
        return new ObjectMapper().readTree(gateway.commandLog());
    }

    /** Until no copy of the message is queued any more. */
    private static void awaitGone(PackagedGateway gateway, String queueId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (listJson(gateway).toString().contains(queueId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(queueId + " still queued: " + gateway.commandLog() + "\n" + gateway.log());
            }
            Thread.sleep(500);
        }
    }

    private static int operator(PackagedGateway gateway, String... args) throws Exception {
        return gateway.queue(OPERATOR, OPERATOR_PASSWORD, args);
    }



    private static JsonNode listed(PackagedGateway gateway, String queueId) throws Exception {
        for (JsonNode m : listJson(gateway)) {
            if (m.get("queueId").asText().equals(queueId)) {
                return m;
            }
        }
        throw new AssertionError(queueId + " not listed: " + gateway.commandLog());
    }

    /** Until the message is back on its queue with the reply that sent it there. */
    private static JsonNode awaitListed(PackagedGateway gateway, String queueId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode m : listJson(gateway)) {
                if (m.get("queueId").asText().equals(queueId) && m.hasNonNull("lastReply")) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(queueId + " not listed with a last reply: " + gateway.commandLog()
                        + "\n" + gateway.log());
            }
            Thread.sleep(500);
        }
    }
}
