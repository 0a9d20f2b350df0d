package io.caravan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing stage's content-based router: one message whose recipients the transport table sends
 * different ways leaves the incoming queue as a delivery on its lane and a hold on the hold queue, each
 * with only its own recipients, and no routing header of the stage's own travels with them.
 */
class RoutingBranchesTest {

    @TempDir
    Path dir;

    @Test
    void eachHandOffGoesWhereItsKindSays() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false)
                .transport("example.net smtp:[127.0.0.1]:2599", "held.example hold:waiting for an operator");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            jms.send(StageQueue.INCOMING.queueName(), "MIXED", "Subject: mixed\r\n\r\nbody\r\n".getBytes(),
                    EnvelopeJson.write(Jms.envelope("MIXED", "a@example.net", "b@held.example")));
            String hold = StageQueue.INCOMING.holdQueueName();
            assertEquals(List.of("MIXED"), await(() -> jms.browse(hold)));
            assertEquals(List.of("MIXED"), await(jms::browseLaneIds));
            assertEquals(List.of(), jms.browse(StageQueue.INCOMING.queueName()));

            Jms.Queued delivery = jms.browseLanes().get(0);
            Jms.Queued held = jms.browseMessages(hold).get(0);
            assertEquals(List.of("a@example.net"), recipients(delivery));
            assertEquals(List.of("b@held.example"), recipients(held));
            for (Jms.Queued q : List.of(delivery, held)) {
                assertEquals(List.of(), q.properties().keySet().stream()
                        .filter(name -> name.startsWith("Routing")).toList(), q.properties().toString());
            }
        }
    }

    private static List<String> recipients(Jms.Queued q) {
        Envelope e = EnvelopeJson.read(q.property(Headers.ENVELOPE));
        return e.recipients().stream().map(r -> r.address()).toList();
    }

    private static List<String> await(java.util.concurrent.Callable<List<String>> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> last = probe.call();
        while (last.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = probe.call();
        }
        return last;
    }
}
