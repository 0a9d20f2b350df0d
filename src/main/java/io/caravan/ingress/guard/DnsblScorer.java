package io.caravan.ingress.guard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Scores a connecting client against the configured DNS lists, like postscreen: every list is asked at once,
 * each matching list adds its weight (negative for allow lists), and the sum is compared with the threshold.
 * Scoring fails open: a list that errs or has not answered within the timeout counts 0 and is logged, because
 * an outage of a third-party list must never stop mail. Answers are cached for their TTL, and concurrent
 * connections from one client share one query.
 */
public final class DnsblScorer {

    private static final Logger LOG = LoggerFactory.getLogger(DnsblScorer.class);

    private final DnsblSettings settings;
    private final Resolver resolver;
    private final Clock clock;
    private final DnsblCache cache;
    private final ConcurrentHashMap<String, CompletableFuture<List<InetAddress>>> inFlight =
            new ConcurrentHashMap<>();
    private final AtomicLong queriesSent = new AtomicLong();

    public DnsblScorer(DnsblSettings settings, Clock clock) {
        this(settings, resolverFor(settings), clock);
    }

    public DnsblScorer(DnsblSettings settings, Resolver resolver, Clock clock) {
        this.settings = settings;
        this.resolver = resolver;
        this.clock = clock;
        this.cache = new DnsblCache(clock, settings.maxCacheTtl(), settings.maxCacheEntries());
        resolver.setTimeout(settings.timeout());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Completes with the verdict, normally within the timeout; never completes exceptionally. */
    public CompletableFuture<DnsblVerdict> score(InetAddress client) {
        if (!settings.enabled() || settings.allowList().stream().anyMatch(n -> n.contains(client))) {
            return CompletableFuture.completedFuture(DnsblVerdict.allowListed(client, settings.threshold()));
        }
        List<CompletableFuture<DnsblVerdict.Hit>> lookups = new ArrayList<>();
        for (DnsblSite site : settings.sites()) {
            String queryName = DnsblQueryNames.of(client, site.zone());
            lookups.add(answers(queryName)
                    .thenApply(answers -> answers.stream().anyMatch(site::matches)
                            ? new DnsblVerdict.Hit(site.zone(), site.weight()) : null)
                    .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(error -> {
                        LOG.warn("DNSBL lookup {} failed, counting it as not listed: {}", queryName,
                                rootCause(error).toString());
                        return null;
                    }));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<DnsblVerdict.Hit> hits = lookups.stream().map(CompletableFuture::join)
                    .filter(h -> h != null).toList();
            int score = hits.stream().mapToInt(DnsblVerdict.Hit::weight).sum();
            return new DnsblVerdict(client, score, settings.threshold(), hits, false);
        });
    }

    /** DNS queries actually sent (cache misses), for metrics and tests. */
    public long queriesSent() {
        return queriesSent.get();
    }

    private CompletableFuture<List<InetAddress>> answers(String queryName) {
        var cached = cache.get(queryName);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
        CompletableFuture<List<InetAddress>> running = inFlight.putIfAbsent(queryName, mine);
        if (running != null) {
            return running;
        }
        query(queryName).whenComplete((answers, error) -> {
            inFlight.remove(queryName, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(answers);
            }
        });
        return mine;
    }

    private CompletableFuture<List<InetAddress>> query(String queryName) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(queryName), Type.A, DClass.IN));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        queriesSent.incrementAndGet();
        return resolver.sendAsync(query).toCompletableFuture().thenApply(response -> remember(queryName, response));
    }

    private List<InetAddress> remember(String queryName, Message response) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new IllegalStateException("list answered " + Rcode.string(rcode));
        }
        List<InetAddress> answers = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                answers.add(a.getAddress());
                ttl = Math.min(ttl, a.getTTL());
            }
        }
        if (answers.isEmpty()) {
            ttl = negativeTtlSeconds(response);
        }
        cache.put(queryName, answers, Duration.ofSeconds(ttl));
        return answers;
    }

    /** RFC 2308: a negative answer lives as long as the smaller of the SOA's TTL and its MINIMUM field. */
    private long negativeTtlSeconds(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return settings.negativeTtl().toSeconds();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Resolver resolverFor(DnsblSettings settings) {
        if (settings.resolverHost() == null || settings.resolverHost().isBlank()) {
            return new ExtendedResolver();
        }
        try {
            InetAddress host = InetAddress.getByName(settings.resolverHost());
            return new SimpleResolver(new InetSocketAddress(host, settings.resolverPort()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNSBL resolver " + settings.resolverHost(), e);
        }
    }
}
