package io.caravan.ingress.auth;

import io.caravan.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthLockoutTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** 3 failures per client, 5 per user, within 10 minutes lock for 15 minutes. */
    private static AuthSettings settings() {
        return AuthSettings.defaults().withLockout(3, 5, Duration.ofMinutes(10), Duration.ofMinutes(15));
    }

    /**
     * A script of steps, at minutes after the start: {@code F client user @m}
     * records a failure, {@code ? client user @m = ok|client|user} checks
     * whether an attempt is allowed. Steps are separated by {@code ;}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            below the client limit          | F a u1 @0; F a u2 @1; ? a u3 @2 = ok
            the client limit is reached     | F a u1 @0; F a u2 @1; F a u3 @2; ? a u4 @2 = client
            locked client, right password   | F a u1 @0; F a u1 @0; F a u1 @0; ? a u1 @0 = client
            other clients go on             | F a u1 @0; F a u2 @1; F a u3 @2; ? b u1 @2 = ok
            old failures leave the window   | F a u1 @0; F a u2 @1; F a u3 @11; ? a u4 @11 = ok
            the window is a sliding one     | F a u1 @0; F a u2 @5; F a u3 @10; F a u4 @14; ? a u5 @14 = client
            locked for the cool-down        | F a u1 @0; F a u2 @1; F a u3 @2; ? a u4 @16 = client; ? a u4 @17 = ok
            counting starts afresh          | F a u1 @0; F a u2 @1; F a u3 @2; F a u4 @17; F a u5 @17; ? a u6 @17 = ok
            and locks again                 | F a u1 @0; F a u2 @1; F a u3 @2; F a u4 @17; F a u5 @17; F a u6 @18; ? a u7 @18 = client
            one user from many clients      | F a x @0; F b x @0; F c x @0; F d x @0; F e x @1; ? f x @1 = user
            other users go on               | F a x @0; F b x @0; F c x @0; F d x @0; F e x @1; ? f y @1 = ok
            user below its limit            | F a x @0; F b x @0; F c x @0; F d x @0; ? f x @1 = ok
            user lock ends                  | F a x @0; F b x @0; F c x @0; F d x @0; F e x @1; ? f x @16 = ok
            a locked client is named first  | F a x @0; F a x @0; F a x @0; F b x @0; F c x @0; ? a x @0 = client
            """)
    void failuresLockClientsAndUsers(String name, String script) {
        MutableClock clock = new MutableClock(START);
        AuthLockout lockout = new AuthLockout(settings(), clock);
        for (String step : script.split(";")) {
            String[] t = step.trim().split("[ @=]+");
            clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofMinutes(Long.parseLong(t[3])))));
            if (t[0].equals("F")) {
                lockout.failed(t[1], t[2]);
            } else {
                AuthOutcome refusal = lockout.refusal(t[1], t[2]);
                String actual = refusal == null ? "ok" : refusal == AuthOutcome.CLIENT_LOCKED ? "client" : "user";
                assertEquals(t[4], actual, step.trim());
            }
        }
    }

    @Test
    void zeroTurnsALimitOff() {
        MutableClock clock = new MutableClock(START);
        AuthLockout lockout = new AuthLockout(settings().withLockout(0, 0, Duration.ofMinutes(10),
                Duration.ofMinutes(15)), clock);
        for (int i = 0; i < 100; i++) {
            lockout.failed("a", "x");
        }
        assertNull(lockout.refusal("a", "x"));
        assertEquals(0, lockout.tracked());
    }

    @Test
    void memoryIsBoundedAndTheLongestQuietGoesFirst() {
        MutableClock clock = new MutableClock(START);
        AuthLockout lockout = new AuthLockout(settings().withMaxTracked(100), clock);
        for (int i = 0; i < 3; i++) {
            lockout.failed("attacker", "u" + i);
        }
        assertEquals(AuthOutcome.CLIENT_LOCKED, lockout.refusal("attacker", "x"));
        for (int i = 0; i < 10_000; i++) {
            clock.advanceMillis(1);
            lockout.failed("10.0." + i / 256 + "." + i % 256, "spray" + i);
        }
        assertTrue(lockout.tracked() <= 200, "tracked " + lockout.tracked());
        assertNull(lockout.refusal("attacker", "x"), "forgotten once 100 newer clients failed");
    }
}
