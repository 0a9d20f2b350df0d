package io.caravan.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.shaping.ShapingLoader;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.message.DeliveryRoute;
import io.caravan.egress.pools.PoolChooser;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.ReputationState;
import io.caravan.egress.pools.SpillBudget;
import io.caravan.egress.pools.EgressConfig;
import io.caravan.egress.pools.Region;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which source a delivery leaves from, given the suspensions of the provider. */
class SourceChoiceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Region REGION = EgressConfig.parse("test", """
            regions:
              eu:
                pools:
                  tx: { sources: [ { name: tx-1, bind: 192.0.2.1, ehlo: tx1.example.com },
                                   { name: tx-2, bind: 192.0.2.2, ehlo: tx2.example.com } ] }
                  shared: { sources: [ { name: sh-1, bind: 192.0.2.9, ehlo: sh1.example.com } ] }
                  spare: { sources: [ { name: sp-1, bind: 192.0.2.10, ehlo: sp1.example.com } ] }
                classes:
                  transactional: { pool: tx, fallback: [shared] }
                  "*": { pool: shared }
            """).region("eu");

    @ParameterizedTest(name = "pool {0}, suspended [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "tx      |            | tx:tx-1 tx-2",
            "tx      | tx-1       | tx:tx-2",
            "tx      | tx-1 tx-2  | shifted shared:sh-1",
            "tx      | tx-1 tx-2 sh-1 | wait",
            "elsewhere |          | tx:tx-1 tx-2",
    })
    void decides(String pool, String suspended, String expected) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ReputationState state = new ReputationState(clock, "eu", "n1");
        if (suspended != null) {
            for (String s : suspended.split(" ")) {
                state.apply(ReputationEvent.Suspended.of("eu", "n2", s, "gmail", "rate limited", "r1",
                        NOW.plus(Duration.ofMinutes(30)), NOW, false));
            }
        }
        SourceChoice choice = new SourceChoice(REGION, PoolChooser.defaults(), state, SpillBudget.defaults(clock),
                clock, new Random(1), ShapingRules.defaultsOnly(), 50);
        DeliveryRoute route = new DeliveryRoute("smtp", "smtp:gmail.com", 25, List.of(), List.of("gmail.com"),
                "transactional", "gmail", "eu", pool, pool.equals("tx") ? List.of("shared") : List.of());
        for (int i = 0; i < 5; i++) { // under the fallback pool's spill budget (10 at once)
            SourceChoice.Decision d = choice.decide(route);
            if (expected.equals("wait")) {
                assertEquals(new SourceChoice.Wait(NOW.plus(Duration.ofMinutes(15))), d);
                continue;
            }
            SourceChoice.Send send = (SourceChoice.Send) d;
            boolean shifted = expected.startsWith("shifted ");
            String[] want = expected.replace("shifted ", "").split(":");
            assertEquals(shifted, send.shifted());
            assertEquals(want[0], send.pool());
            assertEquals(true, Arrays.asList(want[1].split(" ")).contains(send.source().name()), send.toString());
        }
    }

    /**
     * Shifted traffic may use a share (20 %) of the fallback pool's own rate to the destination:
     * its sources times the destination's shaping message rate, or the configured pool rate (50/s)
     * where shaping sets none. The burst is a second's worth, at least one message.
     */
    @ParameterizedTest(name = "gmail message_rate {0} -> {1} shifted at once")
    @CsvSource({
            "unlimited, 10",   // 50/s × 0.2
            "3000/min,  10",   // 50/s × 1 source × 0.2
            "600/min,    2",   // 10/s × 0.2
            "60/min,     1",   // 0.2/s: one now, the next in 5 s
    })
    void spillBudgetFollowsTheFallbackPoolsRate(String rate, int shiftedAtOnce) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ReputationState state = new ReputationState(clock, "eu", "n1");
        for (String s : List.of("tx-1", "tx-2")) {
            state.apply(ReputationEvent.Suspended.of("eu", "n2", s, "gmail", "rate limited", "r1",
                    NOW.plus(Duration.ofMinutes(30)), NOW, false));
        }
        ShapingRules shaping = ShapingLoader.parse("""
                providers:
                  gmail: {message_rate: %s}
                """.formatted(rate));
        SourceChoice choice = new SourceChoice(REGION, PoolChooser.defaults(), state, SpillBudget.defaults(clock),
                clock, new Random(1), shaping, 50);
        DeliveryRoute route = new DeliveryRoute("smtp", "smtp:gmail.com", 25,
                List.of(new DeliveryRoute.Hop("gmail-smtp-in.l.google.com", 5, List.of("192.0.2.25"))),
                List.of("gmail.com"), "transactional", "gmail", "eu", "tx", List.of("shared"));
        int shifted = 0;
        while (choice.decide(route) instanceof SourceChoice.Send send) {
            assertEquals("shared", send.pool());
            shifted++;
        }
        assertEquals(shiftedAtOnce, shifted);
    }

    /** A shifted decision that sent nothing gives its budget back: the next message may shift in its place. */
    @Test
    void anUnusedShiftGivesItsBudgetBack() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ReputationState state = new ReputationState(clock, "eu", "n1");
        for (String s : List.of("tx-1", "tx-2")) {
            state.apply(ReputationEvent.Suspended.of("eu", "n2", s, "gmail", "rate limited", "r1",
                    NOW.plus(Duration.ofMinutes(30)), NOW, false));
        }
        SourceChoice choice = new SourceChoice(REGION, PoolChooser.defaults(), state, SpillBudget.defaults(clock),
                clock, new Random(1), ShapingLoader.parse("providers:\n  gmail: {message_rate: 60/min}\n"), 50);
        DeliveryRoute route = new DeliveryRoute("smtp", "smtp:gmail.com", 25,
                List.of(new DeliveryRoute.Hop("gmail-smtp-in.l.google.com", 5, List.of("192.0.2.25"))),
                List.of("gmail.com"), "transactional", "gmail", "eu", "tx", List.of("shared"));
        SourceChoice.Send first = (SourceChoice.Send) choice.decide(route);
        assertInstanceOf(SourceChoice.Wait.class, choice.decide(route), "the budget of one is spent");
        choice.unused(first, route);
        SourceChoice.Send again = (SourceChoice.Send) choice.decide(route);
        assertEquals("shared", again.pool());
        assertTrue(again.shifted());
    }

    /** A shift rule that names a pool sends the suspended pool's traffic there before the route's fallbacks. */
    @ParameterizedTest(name = "shift to {0} -> {1}")
    @CsvSource({
            "spare, spare",
            "'',    shared",      // no pool named: the route's fallbacks in order
            "nowhere, shared",    // a pool this region does not have: the fallbacks
    })
    void aShiftRuleMayNameThePool(String shiftTo, String expectedPool) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ReputationState state = new ReputationState(clock, "eu", "n1");
        for (String s : List.of("tx-1", "tx-2")) {
            state.apply(ReputationEvent.Suspended.of("eu", "n2", s, "gmail", "rate limited", "r1",
                    NOW.plus(Duration.ofMinutes(30)), NOW, false, null, shiftTo.isEmpty() ? null : shiftTo));
        }
        SourceChoice choice = new SourceChoice(REGION, PoolChooser.defaults(), state, SpillBudget.defaults(clock),
                clock, new Random(1), ShapingRules.defaultsOnly(), 50);
        DeliveryRoute route = new DeliveryRoute("smtp", "smtp:gmail.com", 25, List.of(), List.of("gmail.com"),
                "transactional", "gmail", "eu", "tx", List.of("shared"));
        SourceChoice.Send send = (SourceChoice.Send) choice.decide(route);
        assertEquals(expectedPool, send.pool());
        assertEquals(true, send.shifted());
    }
}
