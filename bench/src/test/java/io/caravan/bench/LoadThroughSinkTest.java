package io.caravan.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator and the counting sink against each other on loopback: the ceiling path in miniature. */
class LoadThroughSinkTest {

    @Test
    void everyAcceptedMessageIsCountedOnceAtTheSink() throws Exception {
        try (CountingSink sink = new CountingSink(SmtpProbe.freePort())) {
            sink.start();
            LoadResult r = new LoadGenerator(new LoadSpec(sink.port(), 3, 60, 2048, 5_000, false),
                    new MessageFactory("t", 2048), "test").run();
            sink.awaitIds(r.acceptedAtNanos().keySet(), 5_000, 30_000);
            Delivery d = Delivery.of(r, sink);
            assertEquals(60, r.accepted());
            assertEquals(new Delivery(60, 0, 0, 0), d);
            assertTrue(r.p99Micros() >= r.p50Micros());
        }
    }

    @Test
    void aRefusingSinkAcceptsNothing() throws Exception {
        try (CountingSink sink = new CountingSink(SmtpProbe.freePort())) {
            sink.start();
            sink.refuse(true);
            LoadResult r = new LoadGenerator(new LoadSpec(sink.port(), 2, 10, 1024, 2_000, false),
                    new MessageFactory("r", 1024), "test").run();
            assertEquals(0, r.accepted());
            assertEquals(0, sink.arrivals().size());
            assertTrue(r.firstError().contains("421"), r.firstError());
            assertEquals(java.util.Map.of("send 421", 10L), r.refusals());
        }
    }

    @Test
    void aSinkRefusingWithAGivenTextSendsThatTextAndCountsEachRefusal() throws Exception {
        try (CountingSink sink = new CountingSink(SmtpProbe.freePort())) {
            sink.start();
            sink.refuse("4.7.0 [TSS04] deferred for the test");
            LoadResult r = new LoadGenerator(new LoadSpec(sink.port(), 1, 3, 1024, 2_000, false),
                    new MessageFactory("y", 1024, "someone@yahoo.com"), "test").run();
            assertEquals(0, r.accepted());
            assertTrue(r.firstError().contains("[TSS04] deferred for the test"), r.firstError());
            assertEquals(3, sink.refused());
        }
    }

    @Test
    void anOpenLoopRunSendsEveryMessageAndMeasuresFromWhenItWasDue() throws Exception {
        try (CountingSink sink = new CountingSink(SmtpProbe.freePort())) {
            sink.start();
            LoadResult r = new LoadGenerator(new LoadSpec(sink.port(), 4, 40, 1024, 5_000, false),
                    new MessageFactory("o", 1024), "test").rate(200).run();
            sink.awaitIds(r.acceptedAtNanos().keySet(), 5_000, 30_000);
            Delivery d = Delivery.of(r, sink);
            assertEquals(new Delivery(40, 0, 0, 0), d);
            // the 40th message is due 39/200 s after the start, so no more than 40 / 0.195 s can arrive per second
            double e2e = d.endToEndRate(r, sink);
            assertTrue(e2e > 0 && e2e <= 40 / 0.195, "end-to-end " + e2e);
            assertTrue(r.dueP99Micros() > 0);
            assertTrue(r.dueP99Micros() >= r.p50Micros());
        }
    }
}
