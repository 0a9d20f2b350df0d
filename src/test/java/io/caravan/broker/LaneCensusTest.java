package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lanes' census over the broker's management address: each lane with its counts, nothing else. */
class LaneCensusTest {

    @TempDir
    Path dir;

    @Test
    void countsEachLaneAndItsScheduledMessages() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false);
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory());
             LaneCensus census = new LaneCensus(gateway.connectionFactory())) {
            String lane = Lanes.PREFIX + "bulk.gmail";
            jms.send(lane, "READY", "hi".getBytes(), null);
            jms.send(lane, "LATER", "hi".getBytes(), null, System.currentTimeMillis() + 3_600_000);
            jms.send(StageQueue.DELIVERY.holdQueueName(), "HELD", "hi".getBytes(), null);
            Thread.sleep(50);
            LaneGate.Census counted = census.take().get(0);
            assertEquals(lane, counted.queue());
            assertEquals(List.of(2L, 1L, 0L, 1L), List.of(counted.messages(), counted.scheduled(), counted.delivering(),
                    counted.ready()));
            assertTrue(counted.oldestMillis() >= 50, "the head message's age: " + counted);
            assertEquals(1, census.take().size(), "the hold queue is no lane");
        }
    }

    @Test
    void aLaneNameIsOneWordPerPartWhateverTheProviderIsCalled() {
        io.caravan.message.DeliveryRoute route = new io.caravan.message.DeliveryRoute("smtp", "smtp:[127.0.0.1]:2525",
                2525, List.of(), List.of("x.test"), "bulk", "default", "eu", "Bulk.EU", List.of());
        assertEquals("caravan.lane.bulk_eu.smtp__127_0_0_1__2525", Lanes.of(route));
        assertEquals("caravan.lane.bulk.smtp__127_0_0_1__2525", Lanes.of(new io.caravan.message.DeliveryRoute("smtp",
                "smtp:[127.0.0.1]:2525", 2525, List.of(), List.of("x.test"), "bulk", "127.0.0.1", "eu", "bulk",
                List.of())), "a provider that is an address names no operator: the next hop does");
        assertEquals("caravan.lane.bulk.mail_ru", Lanes.of(new io.caravan.message.DeliveryRoute("smtp", "smtp:mail.ru",
                25, List.of(), List.of("mail.ru"), "bulk", "Mail.Ru", "eu", "bulk", List.of())));
    }
}
