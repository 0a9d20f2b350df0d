package io.caravan.egress.shaping;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Token-bucket rates and connection slots. */
class LimitersTest {

    private final MutableClock clock = MutableClock.at("2026-11-28T02:00:00Z");

    /** rate, factor -> granted at once (the burst), then the wait for the next permit. */
    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({
        "1/s,     1.0,  1, PT1S",
        "10/s,    1.0, 10, PT0.1S",
        "10/s,    0.5,  5, PT0.2S",
        "100/min, 1.0,  1, PT0.6S",
        "20/d,    1.0,  1, PT1H12M",
        "5000/h,  0.25, 1, PT2.88S",
    })
    void burstThenWait(String rate, double factor, int burst, String wait) {
        RateLimiter limiter = new RateLimiter(clock);
        for (int i = 0; i < burst; i++) {
            assertEquals(Duration.ZERO, limiter.tryAcquire("s|gmail", Rate.parse(rate), factor));
        }
        assertEquals(Duration.parse(wait), limiter.tryAcquire("s|gmail", Rate.parse(rate), factor));
    }

    @Test
    void permitsComeBackWithTimeAndKeysAreIndependent() {
        RateLimiter limiter = new RateLimiter(clock);
        Rate rate = Rate.parse("2/s");
        assertEquals(Duration.ZERO, limiter.tryAcquire("a", rate));
        assertEquals(Duration.ZERO, limiter.tryAcquire("a", rate));
        assertEquals(Duration.ofMillis(500), limiter.tryAcquire("a", rate));
        assertEquals(Duration.ZERO, limiter.tryAcquire("b", rate));
        clock.advance(Duration.ofMillis(500));
        assertEquals(Duration.ZERO, limiter.tryAcquire("a", rate));
        assertEquals(Duration.ZERO, limiter.tryAcquire("a", null));
    }

    @Test
    void aLowerFactorSlowsAnExistingBucket() {
        RateLimiter limiter = new RateLimiter(clock);
        Rate rate = Rate.parse("4/s");
        for (int i = 0; i < 4; i++) limiter.tryAcquire("a", rate);
        assertEquals(Duration.ofMillis(250), limiter.tryAcquire("a", rate));
        assertEquals(Duration.ofSeconds(1), limiter.tryAcquire("a", rate, 0.25));
    }

    @Test
    void rateLimiterGrantsExactlyTheBurstUnderContention() throws Exception {
        RateLimiter limiter = new RateLimiter(clock);
        Rate rate = Rate.parse("50/s");
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    if (limiter.tryAcquire("k", rate).isZero()) granted.incrementAndGet();
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(50, granted.get());
    }

    /** per destination, per source, factor -> slots a source gets, then slots a second source gets. */
    @ParameterizedTest(name = "max {0}, per source {1}, factor {2}")
    @CsvSource({
        "20, 5, 1.0, 5, 5",
        "6,  5, 1.0, 5, 1",
        "20, 5, 0.5, 2, 5",
        "20, 5, 0.01, 1, 5",
    })
    void slotsPerDestinationAndPerSource(int max, int perSource, double factor, int first, int second) {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter();
        ShapingSpec spec = new ShapingSpec(max, perSource, null, null, 100);
        int a = 0;
        while (limiter.tryAcquire("a", "gmail", spec, factor).isPresent()) a++;
        int b = 0;
        while (limiter.tryAcquire("b", "gmail", spec).isPresent()) b++;
        assertEquals(first, a);
        assertEquals(second, b);
        assertEquals(a + b, limiter.open("gmail"));
        assertTrue(limiter.tryAcquire("a", "yahoo", spec).isPresent());
    }

    @Test
    void closingAPermitFreesItsSlotOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter();
        ShapingSpec spec = new ShapingSpec(2, 1, null, null, 100);
        List<ConcurrencyLimiter.Permit> permits = new ArrayList<>();
        limiter.tryAcquire("a", "d", spec).ifPresent(permits::add);
        assertTrue(limiter.tryAcquire("a", "d", spec).isEmpty());
        ConcurrencyLimiter.Permit p = permits.get(0);
        p.close();
        p.close();
        assertEquals(0, limiter.open("d"));
        assertEquals(0, limiter.open("a", "d"));
        Optional<ConcurrencyLimiter.Permit> again = limiter.tryAcquire("a", "d", spec);
        assertTrue(again.isPresent());
        try (ConcurrencyLimiter.Permit q = again.get()) {
            assertEquals(1, limiter.open("a", "d"));
        }
        assertEquals(0, limiter.open("d"));
    }
}
