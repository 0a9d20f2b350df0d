package io.caravan.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it. */
public final class SteppingClock extends Clock {

    private volatile Instant now;

    public SteppingClock(Instant start) {
        this.now = start;
    }

    public static SteppingClock atEpochDay() {
        return new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
