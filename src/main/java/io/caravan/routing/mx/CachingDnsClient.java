package io.caravan.routing.mx;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Asks DNS one question at a time and remembers the answers for as long as their TTL allows
 * (the smallest TTL of the records used, capped), and negative answers for the SOA's negative
 * TTL (RFC 2308), by the injected clock. Failures are not cached: the next message for that
 * domain asks again. dnsjava's own cache is not used because it reads the system clock.
 *
 * <p>A timeout, SERVFAIL or REFUSED from one server moves on to the next; the list of servers is
 * tried {@code 1 + retries} times before the question counts as failed.
 *
 * <p>Over dnsjava's {@link ValidatingResolver} an answer is secure when the validator set AD, and a
 * SERVFAIL carrying the validator's reason is bogus: a verdict, not an outage, so it is not asked
 * again. Over any other resolver nothing is secure: an upstream's AD bit is not taken on trust.
 */
final class CachingDnsClient {

    private static final int MAX_CNAME_CHAIN = 8;

    private record Key(Name name, int type) {
    }

    private record Entry(DnsAnswer answer, Instant expires) {
    }

    private final List<Resolver> servers;
    private final int retries;
    private final Clock clock;
    private final Duration maxTtl;
    private final Duration negativeTtl;
    private final Map<Key, Entry> cache;
    private final int maxEntries;
    /** False for {@link #cachedOnly()}: a question the cache cannot answer fails instead of going out. */
    private final boolean asks;
    private final boolean validating;

    CachingDnsClient(List<Resolver> servers, int retries, Clock clock, Duration maxTtl, Duration negativeTtl,
            int maxEntries) {
        this(servers, retries, clock, maxTtl, negativeTtl, maxEntries, new ConcurrentHashMap<>(), true);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS server to ask");
        }
    }

    private CachingDnsClient(List<Resolver> servers, int retries, Clock clock, Duration maxTtl, Duration negativeTtl,
            int maxEntries, Map<Key, Entry> cache, boolean asks) {
        this.servers = List.copyOf(servers);
        this.retries = retries;
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.maxEntries = maxEntries;
        this.negativeTtl = negativeTtl;
        this.cache = cache;
        this.asks = asks;
        this.validating = !this.servers.isEmpty()
                && this.servers.stream().allMatch(r -> r instanceof ValidatingResolver);
    }

    /**
     * A question a {@link #cachedOnly()} client cannot answer. Thrown, not answered as a failure: a
     * caller that tolerates some failed questions (an MX host without an address is skipped) must not
     * tolerate a question that was never asked.
     */
    static final class NotCached extends RuntimeException {
        NotCached() {
            super("not in the DNS cache", null, false, false);
        }
    }

    /** The same cache, never asking a server: for callers that must not wait on the network. */
    CachingDnsClient cachedOnly() {
        return new CachingDnsClient(servers, retries, clock, maxTtl, negativeTtl, maxEntries, cache, false);
    }

    DnsAnswer query(Name name, int type) {
        Key key = new Key(name, type);
        Instant now = clock.instant();
        Entry cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.answer();
        }
        if (!asks) {
            throw new NotCached();
        }
        Fetched fetched = fetch(name, type);
        if (!(fetched.answer() instanceof DnsAnswer.Failure) && fetched.ttlSeconds() > 0) {
            long ttl = Math.min(fetched.ttlSeconds(), maxTtl.toSeconds());
            makeRoom(now);
            cache.put(key, new Entry(fetched.answer(), now.plusSeconds(ttl)));
        } else {
            cache.remove(key);
        }
        return fetched.answer();
    }

    /** Bounded memory: drop expired answers when full, and everything if that is not enough. */
    private void makeRoom(Instant now) {
        if (cache.size() < maxEntries) {
            return;
        }
        cache.values().removeIf(e -> !now.isBefore(e.expires()));
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
    }

    int size() {
        return cache.size();
    }

    /** Whether answers are validated, so that {@link DnsAnswer} security means something. */
    boolean validating() {
        return validating;
    }

    private record Fetched(DnsAnswer answer, long ttlSeconds) {
    }

    /** Asks, following CNAMEs: first inside each response (a recursive server sends the chain), then by asking again. */
    private Fetched fetch(Name name, int type) {
        Name current = name;
        long ttl = Long.MAX_VALUE;
        int hops = 0;
        boolean secure = validating;
        while (true) {
            Asked asked = ask(current, type);
            if (asked.response() == null) {
                return new Fetched(new DnsAnswer.Failure(asked.problem(), asked.bogus()), 0);
            }
            Message response = asked.response();
            secure &= response.getHeader().getFlag(Flags.AD);
            if (response.getRcode() == Rcode.NXDOMAIN) {
                return new Fetched(new DnsAnswer.NxDomain(secure), Math.min(ttl, negativeTtl(response)));
            }
            Name askedFor = current;
            while (true) {
                List<Record> found = new ArrayList<>();
                Name alias = null;
                for (Record r : response.getSection(Section.ANSWER)) {
                    if (!r.getName().equals(current)) {
                        continue;
                    }
                    if (r.getType() == type) {
                        found.add(r);
                        ttl = Math.min(ttl, r.getTTL());
                    } else if (r instanceof CNAMERecord cname && alias == null) {
                        alias = cname.getTarget();
                        ttl = Math.min(ttl, r.getTTL());
                    }
                }
                if (!found.isEmpty()) {
                    return new Fetched(new DnsAnswer.Records(found, secure), ttl);
                }
                if (alias == null) {
                    break;
                }
                if (++hops > MAX_CNAME_CHAIN) {
                    return new Fetched(new DnsAnswer.Failure("CNAME chain too long at " + name), 0);
                }
                current = alias;
            }
            if (current.equals(askedFor)) {
                return new Fetched(new DnsAnswer.NoData(secure), Math.min(ttl, negativeTtl(response)));
            }
        }
    }

    private record Asked(Message response, String problem, boolean bogus) {
    }

    /** A NOERROR or NXDOMAIN response from the first server that gives one, or what went wrong. */
    private Asked ask(Name name, int type) {
        String problem = "no answer";
        for (int attempt = 0; attempt <= retries; attempt++) {
            for (Resolver server : servers) {
                try {
                    Message response = server.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
                    int rcode = response.getRcode();
                    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                        return new Asked(response, null, false);
                    }
                    String reason = validationReason(response);
                    if (validating && reason != null) {
                        return new Asked(null, "DNSSEC validation of " + name + " " + Type.string(type)
                                + " failed: " + reason, true);
                    }
                    problem = "DNS server answered " + Rcode.string(rcode);
                } catch (IOException e) {
                    problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
        }
        return new Asked(null, "DNS query for " + name + " " + Type.string(type) + " failed: " + problem, false);
    }

    /** The validator's reason for a failed answer, in the pseudo-record it adds; null without one. */
    static String validationReason(Message response) {
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r instanceof TXTRecord txt && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                return String.join(" ", txt.getStrings());
            }
        }
        return null;
    }

    /** RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM field. */
    private long negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return negativeTtl.toSeconds();
    }
}
