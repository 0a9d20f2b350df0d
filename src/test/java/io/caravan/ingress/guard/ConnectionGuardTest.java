package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionGuardTest {

    /**
     * Limits (per client, rate per client, global), then a script of steps: {@code open:ip}, {@code close:ip}
     * (closes the oldest open connection of ip), {@code wait:seconds}. After each open, the expected outcome:
     * ok, or the enhanced code of the 421.
     */
    @ParameterizedTest(name = "{0}/{1}/{2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            2  | 0  | 0  | open:a=ok open:a=ok open:a=4.7.0 open:b=ok
            2  | 0  | 0  | open:a=ok open:a=ok close:a open:a=ok open:a=4.7.0
            0  | 3  | 0  | open:a=ok open:a=ok open:a=ok open:a=4.7.0 open:b=ok
            0  | 3  | 0  | open:a=ok open:a=ok open:a=ok wait:20 open:a=ok open:a=4.7.0
            0  | 0  | 2  | open:a=ok open:b=ok open:c=4.3.2 close:a open:c=ok
            1  | 0  | 2  | open:a=ok open:a=4.7.0 open:b=ok open:c=4.3.2
            10 | 60 | 1000 | open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=ok open:a=4.7.0 open:b=ok
            0  | 2  | 0  | open:v6a=ok open:v6b=ok open:v6a=4.7.0
            """)
    void admitsWithinTheLimits(int perClient, int ratePerClient, int global, String script) throws Exception {
        MutableClock clock = new MutableClock();
        ConnectionGuard guard = new ConnectionGuard(
                GuardSettings.defaults().withConnectionLimits(perClient, ratePerClient, global), clock);
        java.util.Map<String, List<ConnectionGuard.Admission>> open = new java.util.HashMap<>();
        for (String step : script.trim().split("\\s+")) {
            String[] parts = step.split("[:=]");
            switch (parts[0]) {
                case "wait" -> clock.advance(Duration.ofSeconds(Long.parseLong(parts[1])));
                case "close" -> open.get(parts[1]).remove(0).release();
                case "open" -> {
                    ConnectionGuard.Admission admission = guard.admit(address(parts[1]));
                    String outcome = admission instanceof ConnectionGuard.Refused r
                            ? r.reply().enhanced() : "ok";
                    assertEquals(parts[2], outcome, step);
                    if (admission instanceof ConnectionGuard.Refused r) {
                        assertEquals(421, r.reply().code());
                    } else {
                        open.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(admission);
                    }
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    @Test
    void releasingTwiceGivesBackOneSlotAndEmptyClientsAreForgotten() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(
                GuardSettings.defaults().withConnectionLimits(1, 0, 0), new MutableClock());
        ConnectionGuard.Admission first = guard.admit(address("a"));
        assertInstanceOf(ConnectionGuard.Admitted.class, first);
        first.release();
        first.release();
        assertEquals(0, guard.openConnections());
        assertEquals(0, guard.clientsWithOpenConnections());
        assertInstanceOf(ConnectionGuard.Admitted.class, guard.admit(address("a")));
        assertEquals(1, guard.openConnections());
    }

    @Test
    void countsStayExactUnderConcurrentOpenAndClose() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(
                GuardSettings.defaults().withConnectionLimits(3, 0, 50), new MutableClock());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        int[] maxSeen = new int[1];
        for (int t = 0; t < 8; t++) {
            String client = "10.0.0." + (t % 4);
            pool.execute(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        ConnectionGuard.Admission a = guard.admit(InetAddress.getByName(client));
                        synchronized (maxSeen) {
                            maxSeen[0] = Math.max(maxSeen[0], guard.openConnections());
                        }
                        a.release();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertEquals(true, done.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(0, guard.openConnections());
        assertEquals(0, guard.clientsWithOpenConnections());
        assertEquals(true, maxSeen[0] <= 8, "never more than the 8 concurrent holders");
    }

    /** a, b, c are IPv4 clients; v6a and v6b share one /64. */
    static InetAddress address(String name) throws Exception {
        return InetAddress.getByName(switch (name) {
            case "a" -> "192.0.2.1";
            case "b" -> "192.0.2.2";
            case "c" -> "192.0.2.3";
            case "v6a" -> "2001:db8:1:2::a";
            case "v6b" -> "2001:db8:1:2::b";
            default -> throw new IllegalArgumentException(name);
        });
    }
}
