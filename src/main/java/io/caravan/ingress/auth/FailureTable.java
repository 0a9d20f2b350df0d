package io.caravan.ingress.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Failures per key (a client address or a user name) within a sliding
 * window; the failure that reaches the limit locks the key for the
 * cool-down, and counting starts afresh after it. At most {@code cap} keys
 * are kept: the one whose last failure is oldest goes first, so an attacker
 * spraying keys costs memory but cannot grow it. Not thread-safe.
 */
final class FailureTable {

    private static final class Entry {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
    }

    private final int limit;
    private final Duration window;
    private final Duration coolDown;
    private final int cap;
    /** In order of last failure, oldest first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** @param limit failures that lock a key; 0 counts nothing */
    FailureTable(int limit, Duration window, Duration coolDown, int cap) {
        this.limit = limit;
        this.window = window;
        this.coolDown = coolDown;
        this.cap = cap;
    }

    boolean locked(String key, Instant now) {
        Entry e = entries.get(key);
        return e != null && now.isBefore(e.lockedUntil);
    }

    void failed(String key, Instant now) {
        if (limit == 0) {
            return;
        }
        Entry e = entries.remove(key);
        if (e == null) {
            e = new Entry();
        }
        entries.put(key, e);
        Instant horizon = now.minus(window);
        while (!e.failures.isEmpty() && !e.failures.peekFirst().isAfter(horizon)) {
            e.failures.removeFirst();
        }
        e.failures.addLast(now);
        if (e.failures.size() >= limit) {
            e.lockedUntil = now.plus(coolDown);
            e.failures.clear();
        }
        if (entries.size() > cap) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    int size() {
        return entries.size();
    }
}
