package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientRatesTest {

    /**
     * Each step is {@code millisToAdvance:expected}, '+' granted, '-' refused, all for one client.
     */
    @ParameterizedTest(name = "{0}/{1}s: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            3  | 60 | 0:+ 0:+ 0:+ 0:- 0:-
            3  | 60 | 0:+ 0:+ 0:+ 0:- 20000:+ 0:-
            3  | 60 | 0:+ 0:+ 0:+ 60000:+ 0:+ 0:+ 0:-
            1  | 1  | 0:+ 999:- 1:+ 0:-
            60 | 60 | 0:+ 0:+ 1000:+
            0  | 60 | 0:+ 0:+ 0:+ 0:+ 0:+
            2  | 10 | 0:+ 0:+ 0:- 4999:- 1:+ 0:-
            """)
    void grantsUpToThePermitsAndRefillsEvenly(int permits, int windowSeconds, String steps) {
        MutableClock clock = new MutableClock();
        ClientRates limiter = new ClientRates(permits, Duration.ofSeconds(windowSeconds), clock);
        int i = 0;
        for (String step : steps.trim().split("\\s+")) {
            String[] parts = step.split(":");
            clock.advanceMillis(Long.parseLong(parts[0]));
            assertEquals(parts[1].equals("+"), limiter.tryAcquire("client"), "step " + i++ + " " + step);
        }
    }

    @Test
    void clientsAreCountedSeparately() {
        ClientRates limiter = new ClientRates(1, Duration.ofMinutes(1), new MutableClock());
        assertEquals(true, limiter.tryAcquire("a"));
        assertEquals(false, limiter.tryAcquire("a"));
        assertEquals(true, limiter.tryAcquire("b"));
    }

    @Test
    void idleClientsAreForgottenAfterAWindow() {
        MutableClock clock = new MutableClock();
        ClientRates limiter = new ClientRates(5, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("client-" + i);
        }
        assertEquals(1000, limiter.trackedClients());
        clock.advance(Duration.ofMinutes(1));
        limiter.tryAcquire("late");
        assertEquals(1, limiter.trackedClients());
    }
}
