package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import io.caravan.testing.SmtpTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse over real sockets against the {@link FixtureSmtpServer}: whoever misbehaves is refused, and a
 * well-behaved client from another loopback address (127.0.0.5) is still served.
 */
class GuardAbuseTest {

    private static final String GOOD_CLIENT = "127.0.0.5";
    private static final String FLOODER = "127.0.0.1";

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfConnectionsFromOneAddressIsRefusedWhileAnotherAddressIsServed() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(
                GuardSettings.defaults().withConnectionLimits(3, 0, 100), new MutableClock());
        List<SmtpTestClient> held = new ArrayList<>();
        try (FixtureSmtpServer server = FixtureSmtpServer.start(guard, null, Duration.ZERO, null)) {
            for (int i = 0; i < 3; i++) {
                SmtpTestClient client = SmtpTestClient.connect(FLOODER, server.address());
                held.add(client);
                assertEquals("220 fixture.test ESMTP", client.readLine());
            }
            for (int i = 0; i < 20; i++) {
                try (SmtpTestClient flood = SmtpTestClient.connect(FLOODER, server.address())) {
                    assertEquals("421 4.7.0 Too many connections from your address", flood.readLine());
                    assertNull(flood.readLine(), "closed after the 421");
                }
            }
            assertGoodClientIsServed(server);
        } finally {
            for (SmtpTestClient client : held) {
                client.close();
            }
        }
    }

    @Test
    void aConnectionRateFloodIsRefusedWhileAnotherAddressIsServed() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(
                GuardSettings.defaults().withConnectionLimits(100, 5, 100), new MutableClock());
        try (FixtureSmtpServer server = FixtureSmtpServer.start(guard, null, Duration.ZERO, null)) {
            for (int i = 0; i < 5; i++) {
                try (SmtpTestClient client = SmtpTestClient.connect(FLOODER, server.address())) {
                    assertEquals("220 fixture.test ESMTP", client.readLine());
                    client.send("QUIT");
                    assertEquals("221 bye", client.readLine());
                }
            }
            for (int i = 0; i < 5; i++) {
                try (SmtpTestClient flood = SmtpTestClient.connect(FLOODER, server.address())) {
                    String reply = flood.readLine();
                    assertTrue(reply.startsWith("421 4.7.0 "), reply);
                    assertNull(flood.readLine());
                }
            }
            assertGoodClientIsServed(server);
        }
    }

    @Test
    void aPregreetingBotIsDroppedAndAPatientClientIsGreeted() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(GuardSettings.defaults(), Clock.systemUTC());
        try (FixtureSmtpServer server = FixtureSmtpServer.start(guard, null, Duration.ofMillis(300), null);
             SmtpTestClient bot = SmtpTestClient.connect(FLOODER, server.address())) {
            bot.send("EHLO bot.example");
            assertEquals("554 5.7.0 Protocol error: talked before greeting", bot.readLine());
            assertNull(bot.readLine());
            assertGoodClientIsServed(server);
        }
    }

    @Test
    void aListedClientIsRefusedAfterTheDelayAndASilentListFailsOpen() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
            String listed = "127.0.0.7";
            dns.add(DnsblQueryNames.of(InetAddress.getByName(listed), "bl.test") + " 300 IN A 127.0.0.2");
            dns.noAnswer(DnsblQueryNames.of(InetAddress.getByName(GOOD_CLIENT), "slow.test"));
            DnsblScorer scorer = new DnsblScorer(DnsblSettings.disabled()
                    .withSites(List.of(DnsblSite.parse("bl.test*2"), DnsblSite.parse("slow.test*2")), 2)
                    .withAllowList(List.of())
                    .withResolver("127.0.0.1", dns.port(), Duration.ofMillis(500)), Clock.systemUTC());
            ConnectionGuard guard = new ConnectionGuard(GuardSettings.defaults(), Clock.systemUTC());
            try (FixtureSmtpServer server = FixtureSmtpServer.start(guard, null, Duration.ofMillis(100), scorer);
                 SmtpTestClient blocked = SmtpTestClient.connect(listed, server.address())) {
                assertEquals("554 5.7.1 Service unavailable; client [127.0.0.7] blocked using bl.test",
                        blocked.readLine());
                assertNull(blocked.readLine());
                assertGoodClientIsServed(server);
            }
        }
    }

    @Test
    void aFullDiskRefusesEveryoneWithA421() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(GuardSettings.defaults(), Clock.systemUTC());
        AcceptanceGate gate = new AcceptanceGate(dataDir, Long.MAX_VALUE, () -> true);
        try (FixtureSmtpServer server = FixtureSmtpServer.start(guard, gate, Duration.ZERO, null);
             SmtpTestClient client = SmtpTestClient.connect(GOOD_CLIENT, server.address())) {
            assertEquals("421 4.3.1 Insufficient system storage", client.readLine());
            assertNull(client.readLine());
        }
        assertEquals(0, guard.openConnections(), "refused and closed connections give their slot back");
    }

    private static void assertGoodClientIsServed(FixtureSmtpServer server) throws Exception {
        try (SmtpTestClient good = SmtpTestClient.connect(GOOD_CLIENT, server.address())) {
            assertEquals("220 fixture.test ESMTP", good.readLine());
            good.send("EHLO good.example");
            assertEquals("250 ok", good.readLine());
            good.send("QUIT");
            assertEquals("221 bye", good.readLine());
        }
    }
}
