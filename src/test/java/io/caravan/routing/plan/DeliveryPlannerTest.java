package io.caravan.routing.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.MxHost;
import io.caravan.egress.pools.EgressConfig;
import io.caravan.egress.pools.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryPlannerTest {

    private static final Region REGION = EgressConfig.parse("e.yaml", """
            regions:
              eu:
                pools:
                  tx: { sources: [ { name: a, bind: 127.0.0.2, ehlo: a.example.net } ] }
                  bulk: { sources: [ { name: b, bind: 127.0.0.3, ehlo: b.example.net } ] }
                  shared: { sources: [ { name: c, bind: 127.0.0.4, ehlo: c.example.net } ] }
                classes:
                  transactional: { pool: tx, fallback: [shared] }
                  bulk: { pool: bulk, fallback: [shared] }
            """).region("eu");

    private static final RouteDecision GOOGLE = deliver("smtp:gmail.com", "gmail", "alt1.gmail-smtp-in.l.google.com",
            "gmail-smtp-in.l.google.com");
    private static final RouteDecision GOOGLE_OTHER_ORDER = deliver("smtp:workspace.example", "gmail",
            "gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com");
    private static final RouteDecision YAHOO = deliver("smtp:yahoo.com", "yahoo", "mta5.am0.yahoodns.net");
    private static final RouteDecision RELAY = new RouteDecision.Deliver("relay", "relay:[10.0.0.1]", 25,
            List.of(host("10.0.0.1")), "10.0.0.1");
    /** gmail.com and aol.com mail through one relay: same hosts, different providers. */
    private static final RouteDecision RELAY_GMAIL = new RouteDecision.Deliver("relay", "relay:[10.0.0.1]", 25,
            List.of(host("10.0.0.1")), "gmail");
    private static final RouteDecision RELAY_YAHOO = new RouteDecision.Deliver("relay", "relay:[10.0.0.1]", 25,
            List.of(host("10.0.0.1")), "yahoo");
    private static final RouteDecision SMARTHOST_2525 = new RouteDecision.Deliver("smtp", "smtp:[10.0.0.1]:2525", 2525,
            List.of(host("10.0.0.1")), "10.0.0.1");
    /** Two Google Workspace domains on Google's MX hosts, one at tls_policy may, one at verify. */
    private static final RouteDecision GOOGLE_MAY = google("may");
    private static final RouteDecision GOOGLE_VERIFY = google("verify");
    private static final RouteDecision GOOGLE_DANE = google("dane");
    private static final RouteDecision GOOGLE_VERIFY_STS = google("verify+mta-sts");
    private static final RouteDecision NULL_MX = new RouteDecision.Bounce("5.1.10", "null MX");
    private static final RouteDecision NXDOMAIN = new RouteDecision.Bounce("5.1.2", "no such domain");
    private static final RouteDecision SERVFAIL = new RouteDecision.Defer("4.4.3", "SERVFAIL");

    private static MxHost host(String name) {
        return new MxHost(name, 10, List.of(InetAddress.getLoopbackAddress()));
    }

    private static RouteDecision deliver(String nexthop, String provider, String... hosts) {
        return new RouteDecision.Deliver("smtp", nexthop, 25, Stream.of(hosts).map(DeliveryPlannerTest::host).toList(),
                provider);
    }

    private static RouteDecision google(String tls) {
        return new RouteDecision.Deliver("smtp", "smtp:workspace.example", 25,
                List.of(host("aspmx.l.google.com"), host("alt1.aspmx.l.google.com")), "gmail", tls);
    }

    private static Envelope envelope(int recipients) {
        List<Recipient> list = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(Recipient.of("r" + i + "@d" + i + ".example"));
        }
        return new Envelope("Q1", "sender@shop.example", list, null, null, false, null, "127.0.0.1", "client",
                Instant.EPOCH);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // decisions, max per delivery, expected delivery sizes, bounces, defers
                Arguments.of(List.of(GOOGLE, GOOGLE, YAHOO), 100, List.of(2, 1), 0, 0),
                Arguments.of(List.of(GOOGLE, GOOGLE_OTHER_ORDER), 100, List.of(2), 0, 0),
                Arguments.of(List.of(RELAY, SMARTHOST_2525), 100, List.of(1, 1), 0, 0),
                Arguments.of(List.of(RELAY_GMAIL, RELAY_YAHOO, RELAY_GMAIL), 100, List.of(2, 1), 0, 0),
                Arguments.of(List.of(GOOGLE, NULL_MX, NXDOMAIN, SERVFAIL, YAHOO), 100, List.of(1, 1), 2, 1),
                Arguments.of(List.of(GOOGLE, GOOGLE, GOOGLE, GOOGLE, GOOGLE), 2, List.of(2, 2, 1), 0, 0),
                Arguments.of(List.of(NULL_MX, SERVFAIL), 100, List.of(), 1, 1),
                // the TLS requirement splits recipients that share every other part of the key, in either order
                Arguments.of(List.of(GOOGLE_MAY, GOOGLE_VERIFY), 100, List.of(1, 1), 0, 0),
                Arguments.of(List.of(GOOGLE_VERIFY, GOOGLE_MAY), 100, List.of(1, 1), 0, 0),
                Arguments.of(List.of(GOOGLE_MAY, GOOGLE_VERIFY, GOOGLE_MAY, GOOGLE_VERIFY), 100, List.of(2, 2), 0, 0),
                Arguments.of(List.of(GOOGLE_VERIFY, GOOGLE_DANE, GOOGLE_VERIFY_STS), 100, List.of(1, 1, 1), 0, 0),
                Arguments.of(List.of(GOOGLE_VERIFY, GOOGLE_VERIFY), 100, List.of(2), 0, 0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void groupsByNexthopAndCapsRecipients(List<RouteDecision> decisions, int max, List<Integer> sizes, int bounces,
            int defers) {
        DeliveryPlan plan = new DeliveryPlanner(new DeliveryPlanner.Settings(max))
                .plan(envelope(decisions.size()), "transactional", decisions, REGION);
        assertEquals(sizes, plan.deliveries().stream().map(d -> d.recipients().size()).toList());
        assertEquals(bounces, plan.bounces().size());
        assertEquals(defers, plan.defers().size());
    }

    @Test
    void deliveryCarriesClassProviderPoolsAndRegion() {
        Envelope env = envelope(3);
        DeliveryPlan plan = new DeliveryPlanner(DeliveryPlanner.Settings.defaults())
                .plan(env, "bulk", List.of(GOOGLE, NXDOMAIN, GOOGLE_OTHER_ORDER), REGION);
        DeliveryPlan.Delivery d = plan.deliveries().get(0);
        assertEquals("smtp:gmail.com", d.nexthop());
        assertEquals("bulk", d.trafficClass());
        assertEquals("gmail", d.provider());
        assertEquals("eu", d.region());
        assertEquals("bulk", d.pool());
        assertEquals(List.of("shared"), d.fallbackPools());
        assertEquals(List.of("d0.example", "d2.example"), d.domains());
        assertEquals(List.of("r0@d0.example", "r2@d2.example"),
                d.envelopeFor(env).recipients().stream().map(Recipient::address).toList());
        DeliveryPlan.Outcome bounce = plan.bounces().get(0);
        assertEquals("r1@d1.example", bounce.recipient().address());
        assertEquals("5.1.2", bounce.status());
    }

    @Test
    void recipientsOfDifferentClassesNeverShareADelivery() {
        Envelope env = envelope(2);
        List<DeliveryPlanner.Routed> routed = List.of(
                new DeliveryPlanner.Routed(env.recipients().get(0), "transactional", GOOGLE),
                new DeliveryPlanner.Routed(env.recipients().get(1), "bulk", GOOGLE));
        DeliveryPlan plan = new DeliveryPlanner(DeliveryPlanner.Settings.defaults()).plan(routed, REGION);
        assertEquals(List.of("tx", "bulk"), plan.deliveries().stream().map(DeliveryPlan.Delivery::pool).toList());
    }

    @Test
    void eachTlsRequirementGetsItsOwnDeliveryWhateverTheOrder() {
        for (List<RouteDecision> order : List.of(List.of(GOOGLE_MAY, GOOGLE_VERIFY), List.of(GOOGLE_VERIFY, GOOGLE_MAY))) {
            Envelope env = envelope(2);
            DeliveryPlan plan = new DeliveryPlanner(DeliveryPlanner.Settings.defaults())
                    .plan(env, "transactional", order, REGION);
            assertEquals(2, plan.deliveries().size());
            for (DeliveryPlan.Delivery d : plan.deliveries()) {
                assertEquals(1, d.domains().size(), d.toString());
            }
        }
    }

    @Test
    void discardsAndHoldsAreReportedApart() {
        DeliveryPlan plan = new DeliveryPlanner(DeliveryPlanner.Settings.defaults()).plan(envelope(2), "transactional",
                List.of(new RouteDecision.Discard("spam"), new RouteDecision.Hold("review")), REGION);
        assertTrue(plan.deliveries().isEmpty());
        assertEquals("r0@d0.example", plan.discards().get(0).recipient().address());
        assertEquals("review", plan.holds().get(0).text());
    }
}
