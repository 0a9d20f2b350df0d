package io.caravan.feedback;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suppressed recipients of the region, as this node knows them: read on every RCPT of relayed mail and
 * for every recipient routing plans, so the lookup is a map read that never waits. Changes are written to
 * the {@link SuppressionStore} first (durable, shared by the region's nodes) and applied here once stored;
 * what other nodes store arrives through the store as well.
 */
public final class SuppressionList {

    private final Map<String, Suppression> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile SuppressionStore store;

    public SuppressionList(Clock clock) {
        this.clock = clock;
    }

    /** An empty list that suppresses nothing and stores nothing. */
    public static SuppressionList none() {
        return new SuppressionList(Clock.systemUTC());
    }

    /** Connects the durable store: its entries are loaded and followed from now on. */
    public void attach(SuppressionStore store) {
        this.store = store;
        store.follow(this::applied, this::removed);
    }

    /**
     * The suppression that applies to mail from {@code sender} (the envelope's reverse path, empty for the null
     * sender) submitted by {@code tenant} (null when not authenticated) to {@code recipient}, if any. Mail
     * from the null sender (bounces and reports) is never suppressed.
     */
    public Optional<Suppression> find(String sender, String tenant, String recipient) {
        if (entries.isEmpty() || sender == null || sender.isEmpty()) {
            return Optional.empty();
        }
        String rcpt;
        try {
            rcpt = Suppression.normalise(recipient);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int at = sender.lastIndexOf('@');
        if (at > 0) {
            Optional<Suppression> s = active(Suppression.key(Suppression.domainScope(sender.substring(at + 1)), rcpt),
                    now);
            if (s.isPresent()) {
                return s;
            }
        }
        if (tenant != null) {
            Optional<Suppression> s = active(Suppression.key(Suppression.tenantScope(tenant), rcpt), now);
            if (s.isPresent()) {
                return s;
            }
        }
        return active(Suppression.key(Suppression.EVERY_SENDER, rcpt), now);
    }

    private Optional<Suppression> active(String key, Instant now) {
        Suppression s = entries.get(key);
        return s != null && s.activeAt(now) ? Optional.of(s) : Optional.empty();
    }

    /** Stores {@code s} (durably, for the region) and applies it here. */
    public void add(Suppression s) {
        SuppressionStore st = store;
        if (st != null) {
            st.put(s); // throws when it cannot be stored: the caller must not report it done
        }
        applied(s);
    }

    /** Removes the suppression of {@code recipient} in {@code scope}; whether there was one in force. */
    public boolean remove(String scope, String recipient) {
        String key = Suppression.key(scope, recipient);
        Suppression was = entries.get(key);
        SuppressionStore st = store;
        if (st != null) {
            st.delete(Suppression.scope(scope), Suppression.normalise(recipient));
        }
        removed(key);
        return was != null && was.activeAt(clock.instant());
    }

    /** The suppressions in force whose recipient or scope contains {@code filter} (empty: all), newest first. */
    public List<Suppression> list(String filter) {
        Instant now = clock.instant();
        String f = filter == null ? "" : filter.strip().toLowerCase(java.util.Locale.ROOT);
        return entries.values().stream().filter(s -> s.activeAt(now))
                .filter(s -> f.isEmpty() || s.recipient().toLowerCase(java.util.Locale.ROOT).contains(f)
                        || s.scope().toLowerCase(java.util.Locale.ROOT).contains(f))
                .sorted(Comparator.comparing(Suppression::created).reversed()).toList();
    }

    public int size() {
        Instant now = clock.instant();
        return (int) entries.values().stream().filter(s -> s.activeAt(now)).count();
    }

    private void applied(Suppression s) {
        entries.merge(s.key(), s, (old, now) -> now.created().isBefore(old.created()) ? old : now);
    }

    private void removed(String key) {
        entries.remove(key);
    }
}
