package io.caravan.egress.shaping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.caravan.rate.TokenBucket;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Admission of deliveries: slots, message rate, connection rate, per-destination messages per session. */
class ShaperTest {

    private final MutableClock clock = MutableClock.at("2026-11-28T04:00:00Z");
    private final Shaper shaper = new Shaper(clock, Duration.ofSeconds(5));

    private static ShapingSpec spec(String messageRate, String connectionRate, int perConnection) {
        return new ShapingSpec(20, 5, messageRate == null ? null : Rate.parse(messageRate),
                connectionRate == null ? null : Rate.parse(connectionRate), perConnection);
    }

    private Shaper.Admitted admitted(String source, String destination, ShapingSpec spec, double factor) {
        return assertInstanceOf(Shaper.Admitted.class, shaper.admit(source, destination, spec, factor));
    }

    /** connection rate, reputation factor -> new connections granted at once, then the wait for the next. */
    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({
        "1/s,    1.0,  1, PT1S",
        "4/s,    1.0,  4, PT0.25S",
        "4/s,    0.5,  2, PT0.5S",
        "60/min, 1.0,  1, PT1S",
        "60/min, 0.25, 1, PT4S",
        "30/min, 1.0,  1, PT2S",
        "2/min,  1.0,  1, PT30S",
    })
    void connectionRateScaledByReputation(String rate, double factor, int granted, String wait) {
        ShapingSpec spec = spec(null, rate, 100);
        for (int i = 0; i < granted; i++) {
            try (Shaper.Admitted a = admitted("tx-1", "gmail", spec, factor)) {
                assertEquals(Duration.ZERO, a.tryOpen(), "connection " + (i + 1));
            }
        }
        try (Shaper.Admitted a = admitted("tx-1", "gmail", spec, factor)) {
            assertEquals(Duration.parse(wait), a.tryOpen());
            clock.advance(Duration.parse(wait));
            assertEquals(Duration.ZERO, a.tryOpen(), "after the wait");
        }
    }

    @Test
    void theConnectionRateCountsPerSourceAndDestination() {
        ShapingSpec spec = spec(null, "1/min", 100);
        assertEquals(Duration.ZERO, admitted("tx-1", "gmail", spec, 1.0).tryOpen());
        assertEquals(Duration.ofMinutes(1), admitted("tx-1", "gmail", spec, 1.0).tryOpen());
        assertEquals(Duration.ZERO, admitted("tx-2", "gmail", spec, 1.0).tryOpen(), "another source");
        assertEquals(Duration.ZERO, admitted("tx-1", "yahoo", spec, 1.0).tryOpen(), "another destination");
    }

    @Test
    void withoutAConnectionRateEveryNewConnectionMayOpen() {
        ShapingSpec spec = spec(null, null, 100);
        for (int i = 0; i < 1000; i++) {
            try (Shaper.Admitted a = admitted("tx-1", "example.net", spec, 0.01)) {
                assertEquals(Duration.ZERO, a.tryOpen());
            }
        }
    }

    /** A delivery that reuses a session never calls tryOpen: it spends message permits only. */
    @Test
    void messagesOnReusedSessionsDoNotSpendTheConnectionRate() {
        ShapingSpec spec = spec("10/s", "1/min", 100);
        for (int i = 0; i < 9; i++) {
            admitted("tx-1", "gmail", spec, 1.0).close();
        }
        assertEquals(Duration.ZERO, admitted("tx-1", "gmail", spec, 1.0).tryOpen(), "the connection permit is intact");
    }

    @Test
    void aMessageNotSentGivesItsMessagePermitBack() {
        ShapingSpec spec = spec("1/min", "1/min", 100);
        try (Shaper.Admitted held = admitted("tx-1", "gmail", spec, 1.0)) {
            held.notSent(); // its connection was held: nothing went out
        }
        admitted("tx-1", "gmail", spec, 1.0).close(); // this one went out
        Shaper.Held held = assertInstanceOf(Shaper.Held.class, shaper.admit("tx-1", "gmail", spec, 1.0));
        assertEquals(Duration.ofMinutes(1), held.delay());
    }

    @Test
    void aFullDestinationWaitsTheBusyDelayAndARateHoldFreesItsSlot() {
        ShapingSpec one = new ShapingSpec(1, 1, Rate.parse("1/min"), null, 100);
        Shaper.Admitted a = admitted("tx-1", "example.net", one, 1.0);
        Shaper.Held busy = assertInstanceOf(Shaper.Held.class, shaper.admit("tx-2", "example.net", one, 1.0));
        assertEquals(Duration.ofSeconds(5), busy.delay());
        a.close();
        Shaper.Held rate = assertInstanceOf(Shaper.Held.class, shaper.admit("tx-1", "example.net", one, 1.0));
        assertEquals(Duration.ofMinutes(1), rate.delay());
        admitted("tx-2", "example.net", one, 1.0).close(); // the rate hold did not keep the slot
    }

    /** The destination's messages per session reach the client as they are; the client caps them by the node's. */
    @ParameterizedTest
    @CsvSource({"1", "3", "100"})
    void messagesPerConnectionComeFromTheSpec(int perConnection) {
        assertEquals(perConnection, admitted("tx-1", "example.net", spec(null, null, perConnection), 1.0)
                .maxMessagesPerConnection());
    }

    @Test
    void aTokenGivenBackNeverRaisesTheBucketAboveItsBurst() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        bucket.giveBack();
        assertEquals(Duration.ZERO, bucket.tryAcquire());
        assertEquals(Duration.ofSeconds(1), bucket.tryAcquire());
        bucket.giveBack();
        assertEquals(Duration.ZERO, bucket.tryAcquire());
        assertEquals(Duration.ofSeconds(1), bucket.tryAcquire());
    }
}
