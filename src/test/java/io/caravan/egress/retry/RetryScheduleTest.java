package io.caravan.egress.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** A random source that always returns the same double, to pin the jitter. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static RetrySchedule schedule(double randomValue) {
        return new RetrySchedule(RetrySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), fixed(randomValue));
    }

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2}")
    @CsvSource({
            // no jitter at random 0.5
            "1,  0.5, PT5M",
            "2,  0.5, PT10M",
            "3,  0.5, PT20M",
            "4,  0.5, PT40M",
            "5,  0.5, PT1H20M",
            "6,  0.5, PT2H40M",
            "7,  0.5, PT4H",
            "30, 0.5, PT4H",
            // jitter spreads plus or minus 20%
            "1,  0.0, PT4M",
            "1,  1.0, PT6M",
            "7,  0.0, PT3H12M",
            "7,  1.0, PT4H48M",
            "0,  0.5, PT5M",
    })
    void delaysGrowThenCap(int attempts, double random, Duration expected) {
        RetrySchedule.Decision d = schedule(random).next(NOW.minus(Duration.ofHours(1)), attempts);
        RetrySchedule.RetryAt at = assertInstanceOf(RetrySchedule.RetryAt.class, d);
        assertEquals(expected, at.delay());
        assertEquals(NOW.plus(expected), at.at());
    }

    @ParameterizedTest(name = "age {0} -> {1}")
    @CsvSource({
            "PT1M,          retry, PT5M",
            "P4DT23H,       retry, PT1H",
            "P4DT23H58M,    retry, PT2M",
            "P5D,           expired, P5D",
            "P6D,           expired, P6D",
    })
    void maximumAgeExpiresOrShortensTheLastWait(Duration age, String kind, Duration expected) {
        int attempts = kind.equals("retry") && age.toMinutes() < 10 ? 1 : 20;
        RetrySchedule.Decision d = schedule(0.5).next(NOW.minus(age), attempts);
        if (kind.equals("retry")) {
            assertEquals(expected, assertInstanceOf(RetrySchedule.RetryAt.class, d).delay());
        } else {
            assertEquals(expected, assertInstanceOf(RetrySchedule.Expired.class, d).age());
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySettings(Duration.ZERO, 2, Duration.ofHours(1), Duration.ofDays(1), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySettings(Duration.ofMinutes(5), 0.5, Duration.ofHours(1), Duration.ofDays(1), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySettings(Duration.ofMinutes(5), 2, Duration.ofMinutes(1), Duration.ofDays(1), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySettings(Duration.ofMinutes(5), 2, Duration.ofHours(1), Duration.ofDays(1), 1.5));
    }
}
