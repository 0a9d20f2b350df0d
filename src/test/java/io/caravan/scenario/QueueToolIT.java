package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's own {@code queue} commands against the jar running: a delivery the receiver defers with a 451
 * is listed with that reply, an operator holds it (listed as held), releases it (back on the delivery queue)
 * and deletes it (gone); a viewer's delete is refused in one line naming the role it needs.
 */
class QueueToolIT {

    private static final String OPERATOR = "otto";
    private static final String OPERATOR_PASSWORD = "otto-pass";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera-pass";

    @TempDir
    Path dir;

    @Test
    void aDeferredMessageIsListedHeldReleasedAndDeleted() throws Exception {
        Sink.Answer busy = (rcpt, client) -> "451 4.3.0 <" + rcpt + ">: mailbox busy, try again later";
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink receiver = Sink.answering(busy);
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx.example.net.").add("mx.example.net. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.net smtp:example.net:" + receiver.port() + "\n");
            assertEquals(0, gateway.command(OPERATOR_PASSWORD, "user", "add", "--console", OPERATOR, "--role",
                    "operator", "--password-stdin"), () -> output(gateway));
            assertEquals(0, gateway.command(VIEWER_PASSWORD, "user", "add", "--console", VIEWER, "--role", "viewer",
                    "--password-stdin"), () -> output(gateway));
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "app@sender.test",
                    List.of("rcpt@example.net"), Mail.text("app@sender.test", "rcpt@example.net", "deferred")));

            JsonNode deferred = awaitListed(gateway, queueId, Duration.ofSeconds(30));
            assertEquals("caravan.delivery", deferred.get("queue").asText(), deferred.toString());
            assertEquals(false, deferred.get("held").asBoolean());
            assertEquals("app@sender.test", deferred.get("sender").asText());
            assertEquals("rcpt@example.net", deferred.get("recipients").get(0).asText());
            assertEquals("451 4.3.0 <rcpt@example.net>: mailbox busy, try again later",
                    deferred.get("lastReply").asText(), deferred.toString());
            assertTrue(deferred.get("attempts").asInt() >= 1, deferred.toString());

            assertEquals(0, operator(gateway, "hold", queueId), () -> output(gateway));
            JsonNode held = listed(gateway, queueId);
            assertEquals("caravan.delivery.hold", held.get("queue").asText(), held.toString());
            assertEquals(true, held.get("held").asBoolean());
            assertEquals(0, operator(gateway, "list"), () -> output(gateway));
            assertTrue(gateway.commandLog().contains(queueId + "  delivery held"), () -> output(gateway));

            assertEquals(0, operator(gateway, "release", queueId), () -> output(gateway));
            JsonNode released = listed(gateway, queueId);
            assertEquals("caravan.delivery", released.get("queue").asText(), released.toString());
            assertEquals(1, operator(gateway, "release", queueId), "nothing left to release");

            assertEquals(2, gateway.command(VIEWER_PASSWORD, "queue", "delete", queueId, "--user", VIEWER,
                    "--password-stdin"), () -> output(gateway));
            assertEquals("caravan: queue delete: refused: your role may not call removeMessages(java.lang.String)"
                    + " (it needs the operator role)", gateway.commandLog().strip());
            assertEquals(queueId, listed(gateway, queueId).get("queueId").asText(), "the viewer removed nothing");

            assertEquals(0, operator(gateway, "delete", queueId), () -> output(gateway));
            assertEquals("[]", listJson(gateway).toString(), "nothing left queued");
        }
    }

    private static int operator(PackagedGateway gateway, String... args) throws Exception {
        String[] full = new String[args.length + 4];
        full[0] = "queue";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--user";
        full[args.length + 2] = OPERATOR;
        full[args.length + 3] = "--password-stdin";
        return gateway.command(OPERATOR_PASSWORD, full);
    }

    private static String output(PackagedGateway gateway) {
        try {
            return gateway.commandLog();
        } catch (java.io.IOException e) {
            return "(no command log: " + e + ")";
        }
    }

    private static JsonNode listJson(PackagedGateway gateway) throws Exception {
        assertEquals(0, operator(gateway, "list", "--json"), () -> output(gateway));
        return new ObjectMapper().readTree(gateway.commandLog());
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
