package io.caravan.broker;

import java.util.List;

/**
 * Decides which delivery lane a stage thread may take its next message from, and when: the
 * scheduler behind the {@link Lanes} consumer. The consumer asks before it reads anything, so a
 * message whose lane must wait is neither read nor sent again while it waits.
 */
public interface LaneGate {

    /** Permission to take one message off one lane, with whatever the gate reserved for it. */
    interface Ticket {
        String queue();
    }

    /**
     * What the broker holds in one lane, as its management census reported it.
     *
     * @param oldestMillis the age of the message at the lane's head, or -1 when not asked or empty
     */
    record Census(String queue, long messages, long scheduled, long delivering, long oldestMillis) {

        public Census(String queue, long messages, long scheduled, long delivering) {
            this(queue, messages, scheduled, delivering, -1);
        }

        /** Messages a consumer could take now: neither scheduled for later nor taken already. */
        public long ready() {
            return Math.max(0, messages - scheduled - delivering);
        }
    }

    /** Waits until a lane may be taken from; null when {@code millis} passed first. */
    Ticket next(long millis) throws InterruptedException;

    /** The ticket's lane had no message ready: whatever was reserved for it is given back. */
    void empty(Ticket ticket);

    /** The ticket's message went through the route (its transaction committed or rolled back). */
    void done(Ticket ticket);

    /** Messages were stored on the lane (told after the commit that stored them). */
    void stored(String queue);

    /** The broker's count of every lane, taken every census interval. */
    void census(List<Census> lanes);
}
