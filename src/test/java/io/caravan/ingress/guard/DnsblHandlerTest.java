package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DNSBL handler on an EmbeddedChannel. The verdicts are fetched from the loopback DNS server first, so on
 * the channel they come from the cache and everything runs on the test thread; the socket test
 * {@link GuardAbuseTest} covers verdicts that arrive later from the resolver's thread.
 */
class DnsblHandlerTest {

    private LoopbackDnsServer dns;
    private DnsblScorer scorer;

    @BeforeEach
    void setUp() throws Exception {
        dns = LoopbackDnsServer.start();
        dns.add("bl.test. 3600 IN SOA ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 60");
        dns.add(DnsblScorerTest.name("192.0.2.99", "bl.test") + " 300 IN A 127.0.0.2");
        scorer = new DnsblScorer(DnsblSettings.disabled()
                .withSites(List.of(DnsblSite.parse("bl.test*2")), 2)
                .withAllowList(List.of())
                .withResolver("127.0.0.1", dns.port(), Duration.ofSeconds(5)), new MutableClock());
        for (String ip : List.of("192.0.2.99", "192.0.2.1")) {
            scorer.score(InetAddress.getByName(ip)).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void tearDown() {
        dns.close();
    }

    @Test
    void aListedClientGetsA554InsteadOfTheBannerAfterTheDelay() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.99",
                new PregreetHandler(Duration.ofSeconds(1)), new DnsblHandler(scorer), session);
        channel.runPendingTasks();
        assertEquals("", channel.written(), "nothing before the greet delay");
        channel.elapse(1000);
        channel.runPendingTasks();
        assertEquals("554 5.7.1 Service unavailable; client [192.0.2.99] blocked using bl.test\r\n",
                channel.written());
        assertFalse(channel.isOpen());
        assertFalse(session.greeted());
    }

    @Test
    void aCleanClientIsGreetedAndWhatItSentEarlyIsPassedOnAfterTheBanner() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1",
                new PregreetHandler(Duration.ZERO), new DnsblHandler(scorer), session);
        channel.send("EHLO early.example\r\n");
        channel.runPendingTasks();
        assertTrue(session.greeted());
        assertEquals("", session.receivedAtGreeting, "early bytes are held until the banner is out");
        assertEquals("220 test ESMTP\r\n", channel.written());
        assertEquals("EHLO early.example\r\n", session.received.toString());
        assertNull(channel.pipeline().get(DnsblHandler.class));
        assertEquals(2, dns.queries().size(), "both verdicts came from the cache");
    }
}
