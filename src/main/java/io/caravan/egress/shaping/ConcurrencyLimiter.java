package io.caravan.egress.shaping;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Open connections per destination and per source × destination. A connection
 * may open only while both counts are under the spec's limits; the per-source
 * limit shrinks with the source's factor ({@link SourceShare#slots}: its reputation,
 * and its share among the region's nodes that send from it; never below one).
 * Thread-safe; the permit releases its slot when closed, exactly once.
 */
public final class ConcurrencyLimiter {

    /** One open connection's slot; close it when the connection ends. */
    public final class Permit implements AutoCloseable {
        private final String destination;
        private final String pair;
        private boolean closed;

        private Permit(String destination, String pair) {
            this.destination = destination;
            this.pair = pair;
        }

        @Override
        public void close() {
            synchronized (ConcurrencyLimiter.this) {
                if (closed) return;
                closed = true;
                decrement(destination);
                decrement(pair);
            }
        }
    }

    private final Map<String, Integer> open = new HashMap<>();

    /** A slot at full reputation. */
    public Optional<Permit> tryAcquire(String source, String destination, ShapingSpec spec) {
        return tryAcquire(source, destination, spec, 1.0);
    }

    /** A slot for a connection from {@code source} to {@code destination}, or empty when a limit is reached. */
    public synchronized Optional<Permit> tryAcquire(String source, String destination, ShapingSpec spec, double factor) {
        String pair = source + "|" + destination;
        int perSource = SourceShare.slots(spec.maxConnectionsPerSource(), factor);
        if (open.getOrDefault(destination, 0) >= spec.maxConnections() || open.getOrDefault(pair, 0) >= perSource) {
            return Optional.empty();
        }
        open.merge(destination, 1, Integer::sum);
        open.merge(pair, 1, Integer::sum);
        return Optional.of(new Permit(destination, pair));
    }

    public synchronized int open(String destination) {
        return open.getOrDefault(destination, 0);
    }

    public synchronized int open(String source, String destination) {
        return open.getOrDefault(source + "|" + destination, 0);
    }

    private void decrement(String key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
