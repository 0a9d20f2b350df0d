package io.caravan.routing.mx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.caravan.routing.SteppingClock;
import io.caravan.testing.LoopbackDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

class MxResolverTest {

    private LoopbackDnsServer dns;
    private final SteppingClock clock = SteppingClock.atEpochDay();

    @BeforeEach
    void start() throws IOException {
        dns = LoopbackDnsServer.start();
        dns.add("example.test. 300 IN MX 20 backup.example.test.")
                .add("example.test. 300 IN MX 10 mx-a.example.test.")
                .add("example.test. 300 IN MX 10 mx-b.example.test.")
                .add("mx-a.example.test. 60 IN A 127.0.0.11")
                .add("mx-b.example.test. 600 IN A 127.0.0.12")
                .add("mx-b.example.test. 600 IN AAAA ::1")
                .add("backup.example.test. 600 IN A 127.0.0.13")
                .add("implicit.test. 300 IN A 127.0.0.20")
                .add("nullmx.test. 300 IN MX 0 .")
                .add("noaddr.test. 300 IN TXT \"v=spf1 -all\"")
                .add("dangling.test. 300 IN MX 10 gone.dangling.test.")
                .add("half.test. 300 IN MX 10 broken.half.test.")
                .add("half.test. 300 IN MX 20 ok.half.test.")
                .add("ok.half.test. 300 IN A 127.0.0.30")
                .add("alias.test. 300 IN CNAME example.test.")
                .add("test. 3600 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30");
        dns.servfail("broken.half.test");
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private MxResolver resolver(long seed) {
        MxResolverSettings settings = MxResolverSettings.defaults()
                .withServers(List.of(dns.address()))
                .withTimeout(Duration.ofMillis(300), 1);
        return new MxResolver(settings, clock, new Random(seed));
    }

    private static String describe(MxResult result) {
        if (result instanceof MxResult.Resolved r) {
            return (r.implicit() ? "implicit " : "") + String.join(" ", r.hosts().stream()
                    .map(h -> h.preference() + ":" + h.name() + "=" + h.addresses().size()).toList());
        }
        if (result instanceof MxResult.PermanentFailure p) {
            return "permanent " + p.status();
        }
        return "temporary";
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "implicit.test        | implicit 0:implicit.test=1",
            "nullmx.test          | permanent 5.1.10",
            "nowhere.test         | permanent 5.1.2",
            "noaddr.test          | permanent 5.4.4",
            "dangling.test        | permanent 5.4.4",
            "half.test            | 20:ok.half.test=1",
            "alias.test           | 10:mx-a.example.test=1 10:mx-b.example.test=2 20:backup.example.test=1",
            "[127.0.0.40]         | 0:127.0.0.40=1",
            "[IPv6:::1]           | 0:::1=1",
            "[1.2.3]              | permanent 5.1.2",
    })
    void decidesByTheDnsAnswers(String domain, String expected) {
        String got = describe(resolver(1).resolve(domain));
        if (expected.startsWith("10:")) {
            // equal preferences may come in either order
            assertEquals(Set.of(expected.split(" ")), Set.of(got.split(" ")));
        } else {
            assertEquals(expected, got);
        }
    }

    @Test
    void ordersByPreferenceAndShufflesEqualPreferences() {
        Set<List<String>> orders = new HashSet<>();
        MxResolver resolver = resolver(42);
        for (int i = 0; i < 20; i++) {
            MxResult.Resolved r = (MxResult.Resolved) resolver.resolve("example.test");
            assertEquals(List.of(10, 10, 20), r.hosts().stream().map(MxHost::preference).toList());
            orders.add(r.hostNames());
        }
        assertEquals(Set.of(
                List.of("mx-a.example.test", "mx-b.example.test", "backup.example.test"),
                List.of("mx-b.example.test", "mx-a.example.test", "backup.example.test")), orders);
    }

    @Test
    void theSameSeedGivesTheSameOrder() {
        assertEquals(((MxResult.Resolved) resolver(7).resolve("example.test")).hostNames(),
                ((MxResult.Resolved) resolver(7).resolve("example.test")).hostNames());
    }

    @Test
    void servfailIsTemporary() {
        dns.servfail("example.test");
        assertInstanceOf(MxResult.TemporaryFailure.class, resolver(1).resolve("example.test"));
    }

    @Test
    void timeoutIsTemporaryAndRetried() {
        dns.noAnswer("example.test");
        MxResult result = resolver(1).resolve("example.test");
        assertInstanceOf(MxResult.TemporaryFailure.class, result);
        assertEquals(2, dns.queryCount("example.test", Type.MX), "one retry configured");
    }

    @Test
    void truncatedAnswersAreFetchedOverTcp() {
        dns.truncateAllUdp(true);
        MxResult.Resolved r = (MxResult.Resolved) resolver(1).resolve("example.test");
        assertEquals(3, r.hosts().size());
        assertTrue(dns.tcpQueryCount() > 0);
    }

    @Test
    void cachesEachAnswerForItsTtl() {
        MxResolver resolver = resolver(1);
        resolver.resolve("example.test");
        resolver.resolve("example.test");
        assertEquals(1, dns.queryCount("example.test", Type.MX));
        assertEquals(1, dns.queryCount("mx-a.example.test", Type.A));

        clock.advance(Duration.ofSeconds(61)); // mx-a's A (TTL 60) expired, the MX (300) not
        resolver.resolve("example.test");
        assertEquals(1, dns.queryCount("example.test", Type.MX));
        assertEquals(2, dns.queryCount("mx-a.example.test", Type.A));
        assertEquals(1, dns.queryCount("mx-b.example.test", Type.A));

        clock.advance(Duration.ofSeconds(240)); // 301 s: the MX expired too
        resolver.resolve("example.test");
        assertEquals(2, dns.queryCount("example.test", Type.MX));
    }

    @Test
    void cachesNxdomainForTheSoaNegativeTtl() {
        MxResolver resolver = resolver(1);
        resolver.resolve("nowhere.test");
        clock.advance(Duration.ofSeconds(29));
        resolver.resolve("nowhere.test");
        assertEquals(1, dns.queryCount("nowhere.test", Type.MX));
        clock.advance(Duration.ofSeconds(2)); // SOA minimum is 30
        resolver.resolve("nowhere.test");
        assertEquals(2, dns.queryCount("nowhere.test", Type.MX));
    }

    @Test
    void followsACnameInsideTheAnswerWithoutAskingAgain() {
        MxResult.Resolved r = (MxResult.Resolved) resolver(1).resolve("alias.test");
        assertEquals(3, r.hosts().size());
        assertEquals(1, dns.queryCount("alias.test", Type.MX));
        assertEquals(0, dns.queryCount("example.test", Type.MX));
    }

    @Test
    void aFullCacheMakesRoom() {
        MxResolverSettings tiny = new MxResolverSettings(List.of(dns.address()), Duration.ofMillis(300), 0,
                Duration.ofHours(1), Duration.ofMinutes(1), 10, true, 3);
        MxResolver resolver = new MxResolver(tiny, clock, new Random(1));
        resolver.resolve("implicit.test"); // MX (NODATA), A, AAAA: three entries
        resolver.resolve("implicit.test");
        assertEquals(1, dns.queryCount("implicit.test", Type.MX));
        resolver.resolve("nullmx.test"); // no room and nothing expired: the cache starts over
        resolver.resolve("implicit.test");
        assertEquals(2, dns.queryCount("implicit.test", Type.MX));
    }

    @Test
    void theCachedOnlyViewAnswersWhatTheResolverFetchedAndAsksNothing() {
        MxResolver resolver = resolver(1);
        MxResolver cached = resolver.cachedOnly();
        assertEquals("temporary", describe(cached.resolve("example.test")));
        assertEquals("temporary", describe(cached.resolveHost("mx-a.example.test")));
        assertEquals(0, dns.queries().size(), "the cached-only view asked DNS");

        resolver.resolve("example.test");
        resolver.resolve("nowhere.test");
        int asked = dns.queries().size();
        assertEquals(Set.of("10:mx-a.example.test=1", "10:mx-b.example.test=2", "20:backup.example.test=1"),
                Set.of(describe(cached.resolve("example.test")).split(" ")));
        assertEquals("permanent 5.1.2", describe(cached.resolve("nowhere.test")), "a cached NXDOMAIN is an answer");
        assertEquals("0:mx-b.example.test=2", describe(cached.resolveHost("mx-b.example.test")));
        assertEquals(asked, dns.queries().size(), "the cached-only view asked DNS");
    }

    @Test
    void theCachedOnlyViewDoesNotResolveWithPartOfTheHosts() {
        MxResolver resolver = resolver(1);
        resolver.resolve("example.test");
        clock.advance(Duration.ofSeconds(61)); // mx-a's A (TTL 60) expired, the rest not
        // the resolver itself would skip a host whose address fails; a host never asked about is not skipped
        assertEquals("temporary", describe(resolver.cachedOnly().resolve("example.test")));
        assertEquals(3, ((MxResult.Resolved) resolver.resolve("example.test")).hosts().size());
    }

    @Test
    void temporaryFailuresAreNotCached() {
        dns.servfail("example.test");
        MxResolver resolver = resolver(1);
        resolver.resolve("example.test");
        dns.normal("example.test");
        assertInstanceOf(MxResult.Resolved.class, resolver.resolve("example.test"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "mx-b.example.test | 0:mx-b.example.test=2",
            "127.0.0.9         | 0:127.0.0.9=1",
            "::1               | 0:::1=1",
            "missing.test      | permanent 5.4.4",
    })
    void resolvesBracketedHostsWithoutMx(String host, String expected) {
        assertEquals(expected, describe(resolver(1).resolveHost(host)));
    }

    @Test
    void parsesServerLists() {
        assertEquals(List.of(new java.net.InetSocketAddress("127.0.0.1", 5353),
                        new java.net.InetSocketAddress("127.0.0.2", 53),
                        new java.net.InetSocketAddress("::1", 53)),
                MxResolverSettings.parseServers("127.0.0.1:5353, 127.0.0.2 [::1]"));
    }

    /** TXT answers for MTA-STS discovery: a record's strings joined, no record, and a server that fails. */
    @Test
    void txtRecords() {
        dns.add("_mta-sts.example.test. 300 IN TXT \"v=STSv1; \" \"id=abc;\"");
        MxResolver resolver = resolver(1);
        assertEquals(new TxtAnswer.Texts(List.of("v=STSv1; id=abc;")), resolver.txt("_mta-sts.example.test."));
        assertEquals(new TxtAnswer.Texts(List.of("v=spf1 -all")), resolver.txt("noaddr.test"));
        assertInstanceOf(TxtAnswer.None.class, resolver.txt("_mta-sts.implicit.test"));
        assertInstanceOf(TxtAnswer.Failed.class, resolver.txt("broken.half.test"));
    }
}
