package io.caravan.egress.shaping;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a delivery from a source to a destination may go now, and under which connection limits.
 *
 * <p>Policy, per node (one shaper serves every consumer, so the limits hold for the node, not per
 * thread): a delivery takes a concurrency slot of the destination and of the source × destination
 * for as long as it talks to the receiver, and one permit of the source × destination
 * {@code message_rate}; without them it is held (the busy delay, or until the rate allows). An
 * admitted delivery that needs a new connection takes one permit of the source × destination
 * {@code connection_rate} through {@link Admitted#tryOpen()}; one that reuses an idle session does
 * not. Both rates and the per-source slots shrink with the source's reputation factor. A delivery
 * that was admitted but never sent (its connection was held) gives its message permit back, so
 * the message rate is spent only on messages that went out. Thread-safe and non-blocking.
 */
public final class Shaper {

    /** What a delivery may do now. */
    public sealed interface Admission permits Admitted, Held {
    }

    /** Not now: try again after {@code delay}. */
    public record Held(Duration delay, String why) implements Admission {
    }

    /** May go: holds the concurrency slots until closed. */
    public final class Admitted implements Admission, AutoCloseable {
        private final ConcurrencyLimiter.Permit permit;
        private final String pair;
        private final ShapingSpec spec;
        private final double factor;

        private Admitted(ConcurrencyLimiter.Permit permit, String pair, ShapingSpec spec, double factor) {
            this.permit = permit;
            this.pair = pair;
            this.spec = spec;
            this.factor = factor;
        }

        /** Whether these are the slots of this source × destination. */
        public boolean covers(String source, String destination) {
            return pair.equals(source + "|" + destination);
        }

        /** Messages one session to this destination may carry before it is closed. */
        public int maxMessagesPerConnection() {
            return spec.maxMessagesPerConnection();
        }

        /** One permit of the connection rate: {@link Duration#ZERO} when a new connection may open, else the wait. */
        public Duration tryOpen() {
            return connectionRates.tryAcquire(pair, spec.connectionRate(), factor);
        }

        /** The message did not go out: its message-rate permit returns. */
        public void notSent() {
            messageRates.giveBack(pair);
        }

        @Override
        public void close() {
            permit.close();
        }
    }

    private final ConcurrencyLimiter slots = new ConcurrencyLimiter();
    private final RateLimiter messageRates;
    private final RateLimiter connectionRates;
    private final Duration busyDelay;

    /** @param busyDelay how long a delivery waits when its destination has no free slot */
    public Shaper(Clock clock, Duration busyDelay) {
        this.messageRates = new RateLimiter(clock);
        this.connectionRates = new RateLimiter(clock);
        this.busyDelay = busyDelay;
    }

    /**
     * @param factor the source's reputation factor for the destination's provider, in (0, 1]
     */
    public Admission admit(String source, String destination, ShapingSpec spec, double factor) {
        Optional<ConcurrencyLimiter.Permit> permit = slots.tryAcquire(source, destination, spec, factor);
        if (permit.isEmpty()) {
            return new Held(busyDelay, destination + " is at its connection limit");
        }
        String pair = source + "|" + destination;
        Duration wait = messageRates.tryAcquire(pair, spec.messageRate(), factor);
        if (!wait.isZero()) {
            permit.get().close();
            return new Held(wait, source + " is at its message rate to " + destination);
        }
        return new Admitted(permit.get(), pair, spec, factor);
    }

    /**
     * When the source's next message-rate permit to the destination is there, without taking it (for the operator
     * view); empty when it has taken none, or its rate is unlimited, so that nothing holds it.
     */
    public Optional<java.time.Instant> messagePermitAt(String source, String destination) {
        return messageRates.availableAt(source + "|" + destination);
    }

}
