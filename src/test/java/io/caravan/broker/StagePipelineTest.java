package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** Messages move incoming → routing → delivery; what routing cannot read ends in the hold queue. */
class StagePipelineTest {

    @TempDir
    Path dir;

    static <T> T await(Callable<T> probe, T expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = probe.call();
        }
        return last;
    }

    @Test
    void acceptedMessagesReachTheDeliveryQueue() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Gateway gateway = new TestNode(dir).set("caravan.egress.enabled", false)
                     .routeByName(dns, "example.net", 2599).start();
             Jms jms = new Jms(gateway.connectionFactory())) {
            for (int i = 0; i < 20; i++) {
                jms.sendAccepted(StageQueue.INCOMING.queueName(), "Q" + i);
            }
            assertEquals(20, await(() -> jms.browseLaneIds().size(), 20,
                    Duration.ofSeconds(20)));
            assertEquals(List.of(), jms.browse(StageQueue.INCOMING.queueName()));
            assertTrue(dns.queryCount("example.net", Type.MX) > 0,
                    "routing found the next hop by name: " + dns.queries());
        }
    }

    @Test
    void unreadableMessageIsRetriedThenHeldNotDropped() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Gateway gateway = new TestNode(dir).set("caravan.egress.enabled", false)
                     .routeByName(dns, "example.net", 2599)
                     .edit("broker.xml", "<redelivery-delay>1000</redelivery-delay>",
                             "<redelivery-delay>10</redelivery-delay>")
                     .start();
             Jms jms = new Jms(gateway.connectionFactory())) {
            jms.send(StageQueue.INCOMING.queueName(), "BAD1", "not mail".getBytes(), "{\"garbage\":true}");
            jms.send(StageQueue.INCOMING.queueName(), "BAD2", "no envelope".getBytes(), null);
            jms.sendAccepted(StageQueue.INCOMING.queueName(), "GOOD");
            assertEquals(List.of("BAD1", "BAD2"), await(
                    () -> jms.browse(StageQueue.INCOMING.holdQueueName()).stream().sorted().toList(),
                    List.of("BAD1", "BAD2"), Duration.ofSeconds(30)));
            assertEquals(List.of("GOOD"), jms.browseLaneIds());
            assertEquals(List.of(), jms.browse(StageQueue.INCOMING.queueName()));
        }
    }
}
