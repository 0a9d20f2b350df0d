package io.caravan.reputation;

import java.time.Duration;

/**
 * When a rule's source-level actions fire: at the first match, or only after
 * {@code count} matches within {@code period} for the same (source, provider).
 * One "server busy" is noise; ten in five minutes are a signal.
 */
public record Trigger(int count, Duration period) {

    public Trigger {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1: " + count);
        if (count > 1 && (period == null || period.isZero() || period.isNegative())) {
            throw new IllegalArgumentException("a period is needed when count > 1");
        }
    }

    public static Trigger immediately() {
        return new Trigger(1, Duration.ZERO);
    }

    public boolean immediate() {
        return count == 1;
    }
}
