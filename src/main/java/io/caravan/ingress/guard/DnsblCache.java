package io.caravan.ingress.guard;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers list answers for as long as the list said (its DNS TTL, capped), so a client that reconnects does
 * not cost a query each time. An empty answer list means "not listed". Bounded: when full, expired answers are
 * dropped first, and if it is still full a new answer is simply not remembered.
 */
final class DnsblCache {

    private record Entry(List<InetAddress> answers, Instant expires) {
    }

    private final Clock clock;
    private final Duration maxTtl;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    DnsblCache(Clock clock, Duration maxTtl, int maxEntries) {
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.maxEntries = maxEntries;
    }

    Optional<List<InetAddress>> get(String queryName) {
        Entry entry = entries.get(queryName);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(queryName, entry);
            return Optional.empty();
        }
        return Optional.of(entry.answers());
    }

    void put(String queryName, List<InetAddress> answers, Duration ttl) {
        Duration kept = ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
        if (kept.isZero() || kept.isNegative() || maxEntries <= 0) {
            return;
        }
        Instant now = clock.instant();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(queryName, new Entry(List.copyOf(answers), now.plus(kept)));
    }

    int size() {
        return entries.size();
    }
}
