package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import io.caravan.ingress.policy.Cidr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scoring against lists served over the DNS wire protocol by a server on loopback. */
class DnsblScorerTest {

    private static final String LISTED_V4 = "192.0.2.99";
    private static final String LISTED_V6 = "2001:db8::99";
    private static final String WHITELISTED_AND_LISTED = "192.0.2.50";
    private static final String ONLY_ON_SMALL_LIST = "192.0.2.60";
    private static final String CLEAN = "192.0.2.1";

    private LoopbackDnsServer dns;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void startLists() throws Exception {
        dns = LoopbackDnsServer.start();
        dns.add("bl.test. 3600 IN SOA ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 60");
        dns.add("wl.test. 3600 IN SOA ns.wl.test. hostmaster.wl.test. 1 3600 600 86400 60");
        dns.add("small.test. 3600 IN SOA ns.small.test. hostmaster.small.test. 1 3600 600 86400 60");
        dns.add(name(LISTED_V4, "bl.test") + " 300 IN A 127.0.0.2");
        dns.add(name(LISTED_V6, "bl.test") + " 300 IN A 127.0.0.2");
        dns.add(name(WHITELISTED_AND_LISTED, "bl.test") + " 300 IN A 127.0.0.2");
        dns.add(name(WHITELISTED_AND_LISTED, "wl.test") + " 300 IN A 127.0.5.2");
        dns.add(name(ONLY_ON_SMALL_LIST, "small.test") + " 300 IN A 127.0.0.2");
    }

    @AfterEach
    void stopLists() {
        dns.close();
    }

    private DnsblScorer scorer(Duration timeout, String... allow) {
        DnsblSettings settings = DnsblSettings.disabled()
                .withSites(List.of(DnsblSite.parse("bl.test*3"),
                        DnsblSite.parse("wl.test=127.0.[0..255].[1..3]*-2"),
                        DnsblSite.parse("small.test=127.0.0.2*1")), 3)
                .withAllowList(java.util.Arrays.stream(allow).map(Cidr::parse).toList())
                .withResolver("127.0.0.1", dns.port(), timeout);
        return new DnsblScorer(settings, clock);
    }

    private DnsblScorer scorer() {
        return scorer(Duration.ofSeconds(5));
    }

    private static DnsblVerdict verdict(DnsblScorer scorer, String client) throws Exception {
        return scorer.score(InetAddress.getByName(client)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aListedIpv4ClientIsBlockedNamingTheList() throws Exception {
        DnsblVerdict verdict = verdict(scorer(), LISTED_V4);
        assertTrue(verdict.blocked());
        assertEquals(3, verdict.score());
        assertEquals("554 5.7.1 Service unavailable; client [192.0.2.99] blocked using bl.test\r\n",
                verdict.reply().toWire());
    }

    @Test
    void aListedIpv6ClientIsLookedUpByNibbles() throws Exception {
        DnsblVerdict verdict = verdict(scorer(), LISTED_V6);
        assertTrue(verdict.blocked());
        assertEquals(1, dns.queryCount(name(LISTED_V6, "bl.test")));
    }

    @Test
    void anAllowListedClientIsNeverLookedUp() throws Exception {
        DnsblVerdict verdict = verdict(scorer(Duration.ofSeconds(5), "192.0.2.0/25", "2001:db8::/32"), LISTED_V4);
        assertFalse(verdict.blocked());
        assertTrue(verdict.allowListed());
        assertTrue(dns.queries().isEmpty());
    }

    @Test
    void aScoreBelowTheThresholdPasses() throws Exception {
        DnsblVerdict verdict = verdict(scorer(), ONLY_ON_SMALL_LIST);
        assertFalse(verdict.blocked());
        assertEquals(1, verdict.score());
        assertEquals(List.of(new DnsblVerdict.Hit("small.test", 1)), verdict.hits());
    }

    @Test
    void aDnswlListingOffsetsABlockListing() throws Exception {
        DnsblVerdict verdict = verdict(scorer(), WHITELISTED_AND_LISTED);
        assertEquals(1, verdict.score());
        assertFalse(verdict.blocked());
    }

    @Test
    void aCleanClientScoresZero() throws Exception {
        DnsblVerdict verdict = verdict(scorer(), CLEAN);
        assertEquals(0, verdict.score());
        assertFalse(verdict.blocked());
        assertEquals(3, dns.queries().size());
    }

    @Test
    void answersAreCachedForTheirTtl() throws Exception {
        DnsblScorer scorer = scorer();
        verdict(scorer, LISTED_V4);
        verdict(scorer, LISTED_V4);
        assertEquals(1, dns.queryCount(name(LISTED_V4, "bl.test")));
        clock.advance(Duration.ofSeconds(299));
        assertTrue(verdict(scorer, LISTED_V4).blocked());
        assertEquals(1, dns.queryCount(name(LISTED_V4, "bl.test")));
        clock.advance(Duration.ofSeconds(1));
        dns.remove(name(LISTED_V4, "bl.test"), org.xbill.DNS.Type.A);
        assertFalse(verdict(scorer, LISTED_V4).blocked(), "delisting seen once the TTL has run out");
        assertEquals(2, dns.queryCount(name(LISTED_V4, "bl.test")));
    }

    @Test
    void notListedIsCachedForTheSoaMinimum() throws Exception {
        DnsblScorer scorer = scorer();
        verdict(scorer, CLEAN);
        clock.advance(Duration.ofSeconds(59));
        verdict(scorer, CLEAN);
        assertEquals(1, dns.queryCount(name(CLEAN, "bl.test")));
        clock.advance(Duration.ofSeconds(1));
        verdict(scorer, CLEAN);
        assertEquals(2, dns.queryCount(name(CLEAN, "bl.test")));
        assertEquals(6, scorer.queriesSent());
    }

    @Test
    void aSilentListFailsOpenWithinTheTimeout() throws Exception {
        dns.noAnswer(name(LISTED_V4, "bl.test"));
        DnsblVerdict verdict = verdict(scorer(Duration.ofMillis(300)), LISTED_V4);
        assertFalse(verdict.blocked());
        assertEquals(0, verdict.score());
    }

    @Test
    void aFailingListFailsOpenAndIsAskedAgainNextTime() throws Exception {
        dns.servfail(name(LISTED_V4, "bl.test"));
        DnsblScorer scorer = scorer();
        assertFalse(verdict(scorer, LISTED_V4).blocked());
        dns.normal(name(LISTED_V4, "bl.test"));
        assertTrue(verdict(scorer, LISTED_V4).blocked());
        assertEquals(2, dns.queryCount(name(LISTED_V4, "bl.test")));
    }

    static String name(String client, String zone) {
        try {
            return DnsblQueryNames.of(InetAddress.getByName(client), zone);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
