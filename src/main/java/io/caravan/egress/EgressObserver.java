package io.caravan.egress;

/**
 * What egress tells the node's metrics: each recipient's fate per attempt, and the deferrals the reply rules
 * decided. Called on the consumer threads right after the delivery log line: an implementation must only
 * count.
 */
public interface EgressObserver {

    EgressObserver NONE = new EgressObserver() {
    };

    /**
     * One recipient's fate in one attempt (a delivery that waits for a source or a shaping slot is not an
     * attempt).
     *
     * @param status {@code sent}, {@code deferred} or {@code bounced}, as in the delivery log line
     */
    default void delivery(String status, String provider, String pool, String source) {
    }

    /**
     * A recipient of an attempt that bounced on the receiver's 5xx reply (a hard bounce), told after its
     * {@link #delivery} with status {@code bounced}; not for bounces Caravan decided (suppressed recipients, the
     * before-delivery hook's refusals, retries given up).
     */
    default void hardBounce(String provider, String pool, String source) {
    }

    /** A recipient deferred after a failed reply, by the reply rule that read it. */
    default void deferred(String rule) {
    }
}
