package io.caravan.routing;

import io.caravan.message.Envelope;
import java.time.Duration;
import java.util.Optional;

/** When a deferred message is tried again, or that it has waited long enough and bounces. */
@FunctionalInterface
public interface DeferPolicy {

    /**
     * @param envelope the message's envelope (its acceptance time bounds the total wait)
     * @param attempts how many times it was deferred so far, this time included
     * @return the delay before the next try, or empty when the message is too old to try again
     */
    Optional<Duration> next(Envelope envelope, int attempts);
}
