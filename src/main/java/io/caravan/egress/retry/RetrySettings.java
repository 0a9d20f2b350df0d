package io.caravan.egress.retry;

import java.time.Duration;

/**
 * How deferred mail is retried.
 *
 * @param initial first delay after a failed attempt (default 5 minutes)
 * @param factor  growth of the delay per further failure (default 2: 5, 10, 20, 40 min ...)
 * @param cap     longest delay between two attempts (default 4 hours)
 * @param maxAge  age at which a message still undelivered expires and bounces (default 5 days,
 *                Postfix's maximal_queue_lifetime)
 * @param jitter  relative spread around each delay, 0 to 1 (default 0.2 = plus or minus 20%), so
 *                messages deferred together by one provider outage do not all come back at once
 */
public record RetrySettings(Duration initial, double factor, Duration cap, Duration maxAge, double jitter) {

    public RetrySettings {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial retry delay must be positive");
        }
        if (factor < 1) {
            throw new IllegalArgumentException("retry factor must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("retry jitter must be between 0 and 1");
        }
        if (cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry cap must not be below the initial delay");
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(Duration.ofMinutes(5), 2.0, Duration.ofHours(4), Duration.ofDays(5), 0.2);
    }
}
