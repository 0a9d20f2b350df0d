package io.caravan.ingress.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {

    private static final UserStore USERS = new UserStore(List.of("alice:" + PasswordHasher.hash("secret", 1000)));

    @Test
    void checksOffTheCallersThread() throws Exception {
        Authenticator auth = new Authenticator(AuthSettings.defaults(), Clock.systemUTC());
        InetAddress client = InetAddress.getLoopbackAddress();
        assertEquals(AuthOutcome.OK, auth.check(USERS, client, "alice", "secret").get(10, TimeUnit.SECONDS));
        assertEquals(AuthOutcome.BAD_CREDENTIALS, auth.check(USERS, client, "alice", "x").get(10, TimeUnit.SECONDS));
        assertEquals(AuthOutcome.BAD_CREDENTIALS, auth.check(USERS, client, "bob", "x").get(10, TimeUnit.SECONDS));
    }

    @Test
    void attemptsBeyondTheQueueAreTurnedAwayAtOnce() throws Exception {
        Authenticator auth = new Authenticator(AuthSettings.defaults().withQueue(1, 2), Clock.systemUTC());
        InetAddress client = InetAddress.getLoopbackAddress();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        auth.pool().execute(() -> {
            running.countDown();
            await(release);
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        var first = auth.check(USERS, client, "alice", "secret");
        var second = auth.check(USERS, client, "alice", "secret");
        var third = auth.check(USERS, client, "alice", "secret");
        assertEquals(AuthOutcome.BUSY, third.getNow(null), "the queue holds two");
        release.countDown();
        assertEquals(AuthOutcome.OK, first.get(10, TimeUnit.SECONDS));
        assertEquals(AuthOutcome.OK, second.get(10, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
