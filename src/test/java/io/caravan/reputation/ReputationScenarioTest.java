package io.caravan.reputation;

import io.caravan.egress.pools.PoolChooser;
import io.caravan.egress.pools.PoolView;
import io.caravan.egress.pools.SourceView;
import io.caravan.egress.pools.SpillBudget;
import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.shaping.RateLimiter;
import io.caravan.egress.shaping.ShapingLoader;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.egress.shaping.ShapingSpec;
import io.caravan.routing.provider.ProviderRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy end to end, without the network: Gmail rate-limits one
 * source, Caravan moves to the other, then to the fallback pool, then waits;
 * the first source comes back slowly; a second node learns the suspension from
 * the event.
 */
class ReputationScenarioTest {

    private final MutableClock clock = MutableClock.at("2026-11-28T02:00:00Z");
    private final ProviderRules providers = ProviderRules.load(Path.of("config/providers.yaml"));
    private final ShapingRules shaping = ShapingLoader.load(Path.of("config/shaping.yaml"));
    private final ResponseClassifier classifier = new ResponseClassifier(ShippedRulesTest.RULES, clock);
    private final ReputationState node1 = new ReputationState(clock, "eu", "eu-1");
    private final ReputationState node2 = new ReputationState(clock, "eu", "eu-2");
    private final SpillBudget budget = SpillBudget.defaults(clock);
    private final PoolChooser chooser = PoolChooser.defaults();

    private final PoolView bulk = new PoolView("bulk", List.of(new SourceView("a", 1), new SourceView("b", 1)), 10);
    private final PoolView spare = new PoolView("spare", List.of(new SourceView("s", 1)), 5);

    private static final String RATE_LIMITED = "421-4.7.28 [%s      15] Our system has detected an unusual rate of\r\n"
            + "421-4.7.28 unsolicited mail originating from your IP address. To protect our\r\n"
            + "421 4.7.28 users from spam ... - gsmtp";

    private PoolChooser.Choice choose() {
        return chooser.choose(bulk, List.of(spare), "gmail", node1, budget, clock.instant(), 0.0);
    }

    private void rateLimited(String source) {
        String provider = providers.recognizeByMx("gmail.com", List.of("gmail-smtp-in.l.google.com"));
        Verdict v = classifier.classify(WireReply.parse(RATE_LIMITED.formatted(source)), provider,
                Origin.remote(source));
        assertEquals(Disposition.DEFER, v.disposition());
        List<ReputationEvent> e = node1.apply(v, source, provider);
        node2.apply(e.get(0));
    }

    @Test
    void rateLimitShiftsThenWaitsThenRecoversSlowly() {
        assertEquals(new PoolChooser.Use(new SourceView("a", 1), "bulk", false), choose());
        rateLimited("a");
        assertEquals(new PoolChooser.Use(new SourceView("b", 1), "bulk", false), choose());
        rateLimited("b");
        assertEquals(new PoolChooser.Use(new SourceView("s", 1), "spare", true), choose());
        // spare gives shifted gmail traffic 20 % of 5/s: one message now, then wait.
        PoolChooser.Wait wait = assertInstanceOf(PoolChooser.Wait.class, choose());
        assertEquals(Instant.parse("2026-11-28T02:00:01Z"), wait.until());

        // The other node learnt both suspensions from the events.
        assertEquals(2, node2.activeSuspensions(clock.instant()).size());
        assertTrue(node2.isSuspended("a", "gmail", clock.instant()));

        // Suspension over: a is back at 20 % of the Gmail rate, growing 10 % every 15 minutes.
        clock.advance(Duration.ofHours(1));
        assertFalse(node1.isSuspended("a", "gmail", clock.instant()));
        double factor = node1.rateFactor("a", "gmail", clock.instant());
        assertEquals(0.2, factor, 1e-9);
        ShapingSpec spec = shaping.resolve("gmail.com", "gmail");
        RateLimiter limiter = new RateLimiter(clock);
        // 1000/min × 0.2 = 3.33/s: a burst of 3, then one every 0.3 s.
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.tryAcquire("a|gmail", spec.messageRate(), factor));
        }
        assertEquals(Duration.ofMillis(300), limiter.tryAcquire("a|gmail", spec.messageRate(), factor));
        clock.advance(Duration.ofMinutes(30));
        assertEquals(0.4, node1.rateFactor("a", "gmail", clock.instant()), 1e-9);
    }

    @Test
    void concurrentComplaintsLeaveAConsistentState() throws Exception {
        assertEquals(1.0, node1.rateFactor("a", "gmail", clock.instant()));
        // eight different rules: the same rule's replies within seconds would count once
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < 2; i++) node1.apply(throttle("r" + thread + i), "a", "gmail");
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(Math.pow(0.5, 8), node1.rateFactor("a", "gmail", clock.instant()), 1e-12);
    }

    private static Verdict throttle(String rule) {
        return new Verdict(rule, Scope.CONNECTION, java.util.Set.of(Action.THROTTLE), null, 0.5, null,
                new Recovery(0.25, 0.1, Duration.ofMinutes(10), 0.5, 0.001), false, true, 4, Disposition.DEFER, "451");
    }
}
