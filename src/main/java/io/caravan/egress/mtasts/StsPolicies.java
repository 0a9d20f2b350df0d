package io.caravan.egress.mtasts;

import io.caravan.routing.mx.TxtAnswer;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MTA-STS policy in force for a recipient domain, by the discovery and refresh rules of RFC 8461 §3 and §5.1:
 * the {@code _mta-sts} TXT record is asked each time (through the DNS cache); a cached policy serves while it is
 * valid and its id is still the announced one; a new id, or an expired policy, is fetched again. A failed fetch,
 * a missing or broken TXT record, or a DNS failure keep a valid cached policy; with none, the domain has no policy
 * for now. A failed fetch is not repeated for {@link #RETRY_AFTER}, so a policy host that times out holds up one
 * delivery, not every one.
 */
public final class StsPolicies {

    /** Fetches a domain's policy; throws with the reason when it cannot. */
    public interface Fetcher {
        StsPolicy fetch(String domain) throws PolicyFetchException;
    }

    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(StsPolicies.class);

    private final Function<String, TxtAnswer> txt;
    private final Fetcher fetcher;
    private final PolicyStore store;
    private final Clock clock;
    private final Map<String, CachedPolicy> cache;
    private final Map<String, Instant> failedUntil = new ConcurrentHashMap<>();

    public StsPolicies(Function<String, TxtAnswer> txt, Fetcher fetcher, PolicyStore store, Clock clock) {
        this.txt = txt;
        this.fetcher = fetcher;
        this.store = store;
        this.clock = clock;
        this.cache = new ConcurrentHashMap<>(store.load(clock.instant()));
    }

    /** The domain's policy, or empty when it has none now. Blocks on DNS and, when needed, on the fetch. */
    public Optional<CachedPolicy> policyFor(String domain) {
        String d = StsPolicy.normalise(domain);
        Instant now = clock.instant();
        CachedPolicy cached = cache.get(d);
        if (cached != null && !cached.validAt(now)) {
            cached = null;
        }
        Optional<String> announced = announcedId(d);
        if (announced.isEmpty() || cached != null && cached.id().equals(announced.get())) {
            return Optional.ofNullable(cached);
        }
        String id = announced.get();
        Instant retry = failedUntil.get(d + " " + id);
        if (retry != null && now.isBefore(retry)) {
            return Optional.ofNullable(cached);
        }
        try {
            StsPolicy policy = fetcher.fetch(d);
            Instant fetched = clock.instant();
            CachedPolicy fresh = new CachedPolicy(id, policy, fetched, fetched.plus(policy.maxAge()));
            remember(d, fresh);
            failedUntil.remove(d + " " + id);
            LOG.info("MTA-STS policy of {} fetched: id={} mode={} max_age={}s", d, id,
                    policy.mode().name().toLowerCase(), policy.maxAge().toSeconds());
            return Optional.of(fresh);
        } catch (PolicyFetchException e) {
            failedUntil.put(d + " " + id, now.plus(RETRY_AFTER));
            LOG.warn("MTA-STS policy of {} (id={}) not fetched, {}: {}", d, id,
                    cached != null ? "keeping the cached one (id=" + cached.id() + ")" : "no policy for now",
                    e.getMessage());
            return Optional.ofNullable(cached);
        }
    }

    private Optional<String> announcedId(String domain) {
        TxtAnswer answer = txt.apply("_mta-sts." + domain);
        if (answer instanceof TxtAnswer.Texts texts) {
            return StsRecord.id(texts.records());
        }
        return Optional.empty();
    }

    private synchronized void remember(String domain, CachedPolicy policy) {
        cache.put(domain, policy);
        Instant now = clock.instant();
        cache.values().removeIf(p -> !p.validAt(now));
        try {
            store.save(cache);
        } catch (UncheckedIOException e) {
            LOG.warn("{}; the policy is kept in memory only", e.getMessage());
        }
    }
}
