package io.caravan.ingress.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserStoreTest {

    /** Entry costs (space-separated, "bad" for an entry in no known format) and the dummy's cost. */
    @ParameterizedTest
    @CsvSource({
            "'',                   " + PasswordHasher.DEFAULT_ITERATIONS,
            "bad,                  " + PasswordHasher.DEFAULT_ITERATIONS,
            "1000,                 1000",
            "1000 1000 2000,       1000",
            "1000 2000,            2000",
            "2000 1000 bad,        2000",
            "1000 3000 3000 bad,   3000",
    })
    void dummyFollowsTheMostCommonCostOfTheEntries(String costs, int expected) {
        List<String> lines = new ArrayList<>();
        String[] items = costs.isBlank() ? new String[0] : costs.trim().split(" +");
        for (int i = 0; i < items.length; i++) {
            String hash = items[i].equals("bad") ? "{SSHA}abc" : PasswordHasher.hash("pw", Integer.parseInt(items[i]));
            lines.add("user" + i + ":" + hash);
        }
        assertEquals(expected, new UserStore(lines).dummyIterations());
    }

    @Test
    void unknownUsersAndMalformedEntriesNeverVerify() {
        UserStore users = new UserStore(List.of("alice:" + PasswordHasher.hash("pw", 1000), "bob:{SSHA}pw"));
        assertTrue(users.verify("alice", "pw"));
        assertFalse(users.verify("alice", "nope"));
        assertFalse(users.verify("carol", "pw"));
        assertFalse(users.verify("bob", "pw"));
        assertFalse(users.verify("bob", "{SSHA}pw"));
    }

    /**
     * Security property, not a benchmark: rejecting an unknown user must cost
     * as much as rejecting a known user's wrong password, or the time tells
     * which users exist. What leaks is the work done, so the thread's CPU time
     * is measured: wall time on a shared machine mostly measures the other
     * processes. The two kinds alternate, each going first every other round.
     */
    @Test
    void unknownUserTakesAsLongAsAWrongPassword() {
        int cost = 20_000;
        UserStore users = new UserStore(List.of(
                "alice:" + PasswordHasher.hash("secret", cost),
                "bob:" + PasswordHasher.hash("other", cost)));
        for (int i = 0; i < 20; i++) { // JIT warm-up
            users.verify("alice", "wrong");
            users.verify("mallory", "wrong");
        }
        int tries = 50;
        long[] known = new long[tries];
        long[] unknown = new long[tries];
        for (int i = 0; i < tries; i++) {
            String password = "wrong" + i;
            if (i % 2 == 0) {
                known[i] = cpuTime(() -> assertFalse(users.verify("alice", password)));
                unknown[i] = cpuTime(() -> assertFalse(users.verify("mallory" + password, password)));
            } else {
                unknown[i] = cpuTime(() -> assertFalse(users.verify("mallory" + password, password)));
                known[i] = cpuTime(() -> assertFalse(users.verify("alice", password)));
            }
        }
        double a = median(known);
        double b = median(unknown);
        double ratio = Math.max(a, b) / Math.min(a, b);
        assertTrue(ratio <= 1.2, String.format("median known-user %.2f ms, unknown-user %.2f ms", a / 1e6, b / 1e6));
    }

    private static long cpuTime(Runnable task) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long start = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        task.run();
        return (cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
