package io.caravan.message;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue ids: 26 characters of Crockford base32 whose first ten encode the
 * acceptance time in milliseconds, so ids sort by age in logs and queues,
 * followed by a per-process random prefix and a counter, so two ids from one
 * node never collide and ids from different nodes practically never do.
 */
public final class QueueId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final long node = RANDOM.nextLong() & 0xFFFFFFFFFFL; // 40 bits = 8 chars
    private final AtomicLong counter = new AtomicLong(RANDOM.nextInt(1 << 20));

    public QueueId(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        char[] out = new char[26];
        encode(clock.millis(), out, 0, 10);
        encode(node, out, 10, 8);
        encode(counter.getAndIncrement() & 0xFFFFFFFFFFL, out, 18, 8);
        return new String(out);
    }

    private static void encode(long value, char[] out, int from, int length) {
        for (int i = from + length - 1; i >= from; i--) {
            out[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}
