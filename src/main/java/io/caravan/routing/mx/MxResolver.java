package io.caravan.routing.mx;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 §5.1): its MX hosts ordered by preference, with
 * hosts of equal preference shuffled so load spreads as the domain intended; the domain's own
 * address when it has no MX (implicit MX); and the addresses of each host, because a next hop is
 * something to connect to. What cannot work is told apart from what cannot work now:
 * <ul>
 * <li>null MX (RFC 7505, a single MX whose target is ".") → permanent, 5.1.10;</li>
 * <li>NXDOMAIN → permanent, 5.1.2; no MX and no address, or no MX host with an address → 5.4.4;</li>
 * <li>SERVFAIL, REFUSED, timeouts → temporary: the recipient is deferred, never bounced.</li>
 * </ul>
 * An MX host that does not resolve is skipped while another one does. Answers are cached for
 * their TTL by the injected clock. Thread-safe: one instance (one cache) serves the whole stage.
 *
 * <p>Over a validating resolver ({@link #validating}) every result says what DNSSEC made of the
 * answers behind it (RFC 7672 §2.1.1, §2.2): a bogus MX answer is a temporary failure, never a reason
 * to fall back to the domain's address; an MX host whose address lookup was bogus or failed is
 * skipped, because a host kept on its other address family alone could lose its DANE protection.
 */
public final class MxResolver {

    private static final Name ROOT = Name.root;
    /** Compiled once: routing asks for every recipient domain of every message. */
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");

    private final MxResolverSettings settings;
    private final CachingDnsClient dns;
    private final Random random;

    public MxResolver(MxResolverSettings settings, Clock clock, Random random) {
        this(resolversFor(settings), settings, clock, random);
    }

    /**
     * With resolvers of the caller's choosing (for example a validating one), asked in order;
     * the settings' servers and timeout are then not used.
     */
    public MxResolver(List<Resolver> resolvers, MxResolverSettings settings, Clock clock, Random random) {
        this(settings, new CachingDnsClient(resolvers, settings.retries(), clock, settings.maxTtl(),
                settings.negativeTtl(), settings.cacheSize()), random);
    }

    private MxResolver(MxResolverSettings settings, CachingDnsClient dns, Random random) {
        this.settings = settings;
        this.dns = dns;
        this.random = random;
    }

    /**
     * This resolver's answers as far as its cache has them, without asking DNS: a result that needs any
     * question the cache cannot answer is a temporary failure ("not in the DNS cache"). Shares the
     * cache, so it knows every answer this resolver fetched.
     */
    public MxResolver cachedOnly() {
        return new MxResolver(settings, dns.cachedOnly(), random);
    }

    /**
     * A resolver whose answers are validated by {@code validator} (dnsjava's {@code ValidatingResolver}
     * holding the trust anchors), with a cache of its own.
     */
    public static MxResolver validating(Resolver validator, MxResolverSettings settings, Clock clock,
                                        Random random) {
        return new MxResolver(List.of(validator), settings, clock, random);
    }

    /** The next hops for mail to {@code domain}, through its MX records. */
    public MxResult resolve(String domain) {
        try {
            return mxHosts(domain);
        } catch (CachingDnsClient.NotCached e) {
            return new MxResult.TemporaryFailure(e.getMessage());
        }
    }

    /** The next hop for a host given without MX lookup ({@code [host]}): its addresses only. */
    public MxResult resolveHost(String host) {
        try {
            return hostAddresses(host);
        } catch (CachingDnsClient.NotCached e) {
            return new MxResult.TemporaryFailure(e.getMessage());
        }
    }

    /** The TXT records of a name, through the same cache as the MX answers. */
    public TxtAnswer txt(String name) {
        Name n;
        try {
            n = Name.fromString(normalise(name), ROOT);
        } catch (TextParseException e) {
            return new TxtAnswer.None();
        }
        DnsAnswer answer;
        try {
            answer = dns.query(n, Type.TXT);
        } catch (CachingDnsClient.NotCached e) {
            return new TxtAnswer.Failed(e.getMessage());
        }
        if (answer instanceof DnsAnswer.Records r) {
            List<String> texts = new ArrayList<>();
            for (Record rec : r.records()) {
                texts.add(String.join("", ((TXTRecord) rec).getStrings()));
            }
            return new TxtAnswer.Texts(texts);
        }
        return answer instanceof DnsAnswer.Failure f ? new TxtAnswer.Failed(f.text()) : new TxtAnswer.None();
    }

    private MxResult mxHosts(String domain) {
        String d = normalise(domain);
        if (d.startsWith("[")) {
            return resolveHost(d.substring(1, d.length() - 1));
        }
        Name name;
        try {
            name = Name.fromString(d, ROOT);
        } catch (TextParseException e) {
            return new MxResult.PermanentFailure("5.1.2", "Bad domain name " + domain);
        }
        DnsAnswer mx = dns.query(name, Type.MX);
        if (mx instanceof DnsAnswer.Records r) {
            return fromMxRecords(d, r.records(), state(r.secure()));
        }
        if (mx instanceof DnsAnswer.NoData n) {
            return implicitMx(d, name, state(n.secure()));
        }
        if (mx instanceof DnsAnswer.NxDomain n) {
            return new MxResult.PermanentFailure("5.1.2", "Domain " + d + " does not exist", state(n.secure()));
        }
        DnsAnswer.Failure f = (DnsAnswer.Failure) mx;
        return new MxResult.TemporaryFailure(f.text(), f.bogus() ? Dnssec.BOGUS : Dnssec.INDETERMINATE);
    }

    private MxResult hostAddresses(String host) {
        String h = normalise(host);
        if (h.startsWith("[")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("ipv6:")) {
            h = h.substring(5); // RFC 5321 §4.1.3 address literal tag
        }
        if (isLiteral(h)) {
            try {
                // parsed as a literal only, never looked up
                return new MxResult.Resolved(h, List.of(new MxHost(h, 0, List.of(Address.getByAddress(h)))), false);
            } catch (UnknownHostException e) {
                return new MxResult.PermanentFailure("5.1.2", "Bad address literal " + host);
            }
        }
        Name name;
        try {
            name = Name.fromString(h, ROOT);
        } catch (TextParseException e) {
            return new MxResult.PermanentFailure("5.1.2", "Bad host name " + host);
        }
        Addresses a = addresses(name);
        if (!a.found().isEmpty()) {
            return new MxResult.Resolved(h, List.of(new MxHost(h, 0, a.found(), a.dnssec())), false, a.dnssec());
        }
        return a.temporary() != null ? new MxResult.TemporaryFailure(a.temporary(), a.dnssec())
                : new MxResult.PermanentFailure("5.4.4", "Host " + h + " has no address", a.dnssec());
    }

    private MxResult implicitMx(String domain, Name name, Dnssec mxState) {
        Addresses a = addresses(name);
        if (!a.found().isEmpty()) {
            return new MxResult.Resolved(domain, List.of(new MxHost(domain, 0, a.found(), a.dnssec())), true,
                    mxState);
        }
        return a.temporary() != null ? new MxResult.TemporaryFailure(a.temporary(), a.dnssec())
                : new MxResult.PermanentFailure("5.4.4", "Domain " + domain + " has no MX and no address", mxState);
    }

    private MxResult fromMxRecords(String domain, List<Record> records, Dnssec mxState) {
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : records) {
            mxs.add((MXRecord) r);
        }
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(ROOT)) {
            return new MxResult.PermanentFailure("5.1.10", "Domain " + domain + " does not accept mail (null MX)",
                    mxState);
        }
        mxs.removeIf(mx -> mx.getTarget().equals(ROOT)); // a null MX beside real ones is ignored
        List<MXRecord> ordered = orderByPreference(mxs);
        List<MxHost> hosts = new ArrayList<>();
        String temporary = null;
        Dnssec failed = Dnssec.INDETERMINATE;
        for (MXRecord mx : ordered.subList(0, Math.min(ordered.size(), settings.maxMxHosts()))) {
            Addresses a = addresses(mx.getTarget());
            if (!a.found().isEmpty()) {
                hosts.add(new MxHost(text(mx.getTarget()), mx.getPriority(), a.found(), a.dnssec()));
            } else if (a.temporary() != null) {
                if (temporary == null || (a.dnssec() == Dnssec.BOGUS && failed != Dnssec.BOGUS)) {
                    temporary = a.temporary();
                }
                if (a.dnssec() == Dnssec.BOGUS) {
                    failed = Dnssec.BOGUS;
                }
            }
        }
        if (!hosts.isEmpty()) {
            return new MxResult.Resolved(domain, hosts, false, mxState);
        }
        return temporary != null ? new MxResult.TemporaryFailure(temporary, failed)
                : new MxResult.PermanentFailure("5.4.4", "No MX host of " + domain + " has an address", mxState);
    }

    private List<MXRecord> orderByPreference(List<MXRecord> mxs) {
        List<MXRecord> sorted = new ArrayList<>(mxs);
        sorted.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<MXRecord> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).getPriority() == sorted.get(i).getPriority()) {
                j++;
            }
            List<MXRecord> tie = new ArrayList<>(sorted.subList(i, j));
            Collections.shuffle(tie, random);
            out.addAll(tie);
            i = j;
        }
        return out;
    }

    /** @param dnssec secure only when every answer asked was; bogus when any was */
    private record Addresses(List<InetAddress> found, String temporary, Dnssec dnssec) {
    }

    private Addresses addresses(Name host) {
        List<InetAddress> found = new ArrayList<>();
        String temporary = null;
        boolean secure = true;
        boolean bogus = false;
        DnsAnswer a = dns.query(host, Type.A);
        if (a instanceof DnsAnswer.Records r) {
            r.records().forEach(rec -> found.add(((ARecord) rec).getAddress()));
        } else if (a instanceof DnsAnswer.Failure f) {
            temporary = f.text();
            bogus = f.bogus();
        }
        secure &= secure(a);
        if (settings.ipv6() && !(a instanceof DnsAnswer.NxDomain)) {
            DnsAnswer aaaa = dns.query(host, Type.AAAA);
            if (aaaa instanceof DnsAnswer.Records r) {
                r.records().forEach(rec -> found.add(((AAAARecord) rec).getAddress()));
            } else if (aaaa instanceof DnsAnswer.Failure f && (temporary == null || (f.bogus() && !bogus))) {
                temporary = f.text();
                bogus = f.bogus();
            }
            secure &= secure(aaaa);
        }
        if (temporary != null && (bogus || dns.validating())) {
            found.clear(); // half a host under validation is no host: see the class comment
        }
        Dnssec state = bogus ? Dnssec.BOGUS : temporary != null ? Dnssec.INDETERMINATE : state(secure);
        return new Addresses(found, temporary, state);
    }

    private static boolean secure(DnsAnswer answer) {
        if (answer instanceof DnsAnswer.Records r) {
            return r.secure();
        }
        if (answer instanceof DnsAnswer.NoData n) {
            return n.secure();
        }
        return answer instanceof DnsAnswer.NxDomain n && n.secure();
    }

    private static Dnssec state(boolean secure) {
        return secure ? Dnssec.SECURE : Dnssec.INSECURE;
    }

    private static List<Resolver> resolversFor(MxResolverSettings settings) {
        List<InetSocketAddress> servers = settings.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : settings.servers();
        List<Resolver> simple = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(settings.timeout());
            simple.add(r);
        }
        return simple;
    }

    /** An IP address written as a host name (digits and dots, or any colon), never looked up. */
    public static boolean isLiteral(String host) {
        return IPV4_LIKE.matcher(host).matches() || host.contains(":");
    }

    private static String normalise(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") && d.length() > 1 ? d.substring(0, d.length() - 1) : d;
    }

    private static String text(Name name) {
        return normalise(name.toString());
    }
}
