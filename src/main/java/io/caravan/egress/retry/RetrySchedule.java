package io.caravan.egress.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a deferred message is tried next, or that it has expired.
 *
 * <p>The delay grows exponentially with the number of failed attempts, is capped, and is spread
 * by a random jitter. A message older than the maximum age expires (the caller bounces it with a
 * DSN); one that would expire before its next turn gets a last attempt at the moment it reaches
 * the maximum age, so the full lifetime is always used.
 */
public final class RetrySchedule {

    public sealed interface Decision {
    }

    public record RetryAt(Instant at, Duration delay) implements Decision {
    }

    public record Expired(Duration age) implements Decision {
    }

    private final RetrySettings settings;
    private final Clock clock;
    private final RandomGenerator random;

    public RetrySchedule(RetrySettings settings, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param receivedAt     when the message was accepted (its age counts from there)
     * @param failedAttempts attempts that have failed so far, at least 1
     */
    public Decision next(Instant receivedAt, int failedAttempts) {
        Instant now = clock.instant();
        Duration age = Duration.between(receivedAt, now);
        if (age.compareTo(settings.maxAge()) >= 0) {
            return new Expired(age);
        }
        Duration delay = delay(failedAttempts);
        Instant at = now.plus(delay);
        Instant deadline = receivedAt.plus(settings.maxAge());
        if (at.isAfter(deadline)) {
            at = deadline;
            delay = Duration.between(now, deadline);
        }
        return new RetryAt(at, delay);
    }

    /** The jittered delay after the given number of failures. */
    Duration delay(int failedAttempts) {
        int n = Math.max(1, failedAttempts);
        double base = settings.initial().toMillis() * Math.pow(settings.factor(), n - 1);
        double capped = Math.min(base, settings.cap().toMillis());
        double spread = 1 + settings.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1000, Math.round(capped * spread)));
    }
}
