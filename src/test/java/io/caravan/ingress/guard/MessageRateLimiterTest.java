package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageRateLimiterTest {

    @ParameterizedTest(name = "limit {0}: {1} accepted of {2}")
    @CsvSource({
            "300, 300, 400",
            "5,   5,   6",
            "0,   50,  50",
    })
    void acceptsUpToTheRatePerWindow(int limit, int accepted, int attempts) throws Exception {
        MessageRateLimiter limiter = new MessageRateLimiter(
                GuardSettings.defaults().withMessageRatePerClient(limit), new MutableClock());
        InetAddress client = InetAddress.getByName("198.51.100.9");
        int count = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcceptMessage(client)) {
                count++;
            }
        }
        assertEquals(accepted, count);
    }

    @Test
    void theDefaultIs300PerMinuteAndRefusalIsA421() throws Exception {
        MutableClock clock = new MutableClock();
        MessageRateLimiter limiter = new MessageRateLimiter(GuardSettings.defaults(), clock);
        InetAddress client = InetAddress.getByName("198.51.100.9");
        for (int i = 0; i < 300; i++) {
            assertTrue(limiter.tryAcceptMessage(client));
        }
        assertFalse(limiter.tryAcceptMessage(client));
        assertTrue(limiter.tryAcceptMessage(InetAddress.getByName("198.51.100.10")));
        clock.advance(Duration.ofMillis(200));
        assertTrue(limiter.tryAcceptMessage(client), "one message earned back every 200 ms");
        assertEquals("421 4.7.0 Too many messages from your address, try again later\r\n",
                limiter.refusal().toWire());
    }
}
