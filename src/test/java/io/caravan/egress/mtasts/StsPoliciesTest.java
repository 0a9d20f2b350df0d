package io.caravan.egress.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.routing.mx.TxtAnswer;
import io.caravan.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh rules of RFC 8461 §5.1 over a script of DNS answers and fetch results, one step per row: what
 * the TXT record says, whether the fetch works, the time, and which policy id is in force after it.
 */
class StsPoliciesTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private TxtAnswer txt = new TxtAnswer.None();
    private String serving = "one";
    private boolean fetchWorks = true;
    private final List<String> fetches = new ArrayList<>();

    private StsPolicies policies() {
        return new StsPolicies(name -> {
            assertEquals("_mta-sts.example.com", name);
            return txt;
        }, domain -> {
            fetches.add(domain);
            if (!fetchWorks) {
                throw new PolicyFetchException("connection refused");
            }
            return StsPolicy.parse("version: STSv1\nmode: enforce\nmx: mx." + serving + ".example\nmax_age: 3600\n");
        }, new PolicyStore(dir.resolve("mta-sts")), clock);
    }

    private void announce(String id) {
        txt = new TxtAnswer.Texts(List.of("v=STSv1; id=" + id + ";"));
    }

    /** Which policy is in force: "-" for none, else its id and the MX it names. */
    private static String inForce(Optional<CachedPolicy> p) {
        return p.map(c -> c.id() + " " + c.policy().mx().get(0)).orElse("-");
    }

    @Test
    void refreshRules() {
        StsPolicies sts = policies();
        record Step(String txt, boolean fetchWorks, String serving, long minutes, String expected, int fetches) {
        }
        List<Step> steps = List.of(
                new Step(null, true, "one", 0, "-", 0),                          // no TXT: no policy, no fetch
                new Step("a1", true, "one", 0, "a1 mx.one.example", 1),          // announced: fetched
                new Step("a1", true, "two", 10, "a1 mx.one.example", 1),         // same id: the cache serves
                new Step(null, true, "two", 20, "a1 mx.one.example", 1),         // TXT gone: cached policy kept
                new Step("FAIL", true, "two", 21, "a1 mx.one.example", 1),       // DNS failure: cached policy kept
                new Step("b2", false, "two", 30, "a1 mx.one.example", 2),        // new id, fetch fails: cached kept
                new Step("b2", true, "two", 31, "a1 mx.one.example", 2),         // failed fetch not repeated at once
                new Step("b2", true, "two", 36, "b2 mx.two.example", 3),         // 5 minutes on: fetched again
                new Step("b2", true, "three", 36 + 60, "b2 mx.three.example", 4), // max_age over: fetched again
                new Step("b2", false, "three", 36 + 180, "-", 5));               // expired and no fetch: no policy
        long at = 0;
        for (Step step : steps) {
            clock.advanceMillis((step.minutes - at) * 60_000);
            at = step.minutes;
            if (step.txt == null) {
                txt = new TxtAnswer.None();
            } else if (step.txt.equals("FAIL")) {
                txt = new TxtAnswer.Failed("SERVFAIL");
            } else {
                announce(step.txt);
            }
            fetchWorks = step.fetchWorks;
            serving = step.serving;
            assertEquals(step.expected, inForce(sts.policyFor("Example.COM.")), step.toString());
            assertEquals(step.fetches, fetches.size(), "fetches after " + step);
        }
    }

    @Test
    void theCacheOutlivesARestartWhileValid() throws Exception {
        announce("a1");
        assertEquals("a1 mx.one.example", inForce(policies().policyFor("example.com")));
        Path file = dir.resolve("mta-sts/policies.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        serving = "two";
        assertEquals("a1 mx.one.example", inForce(policies().policyFor("example.com")), "after a restart");
        assertEquals(1, fetches.size(), "the restarted node fetched nothing");

        txt = new TxtAnswer.None();
        clock.advanceMillis(3_600_000);
        assertEquals("-", inForce(policies().policyFor("example.com")), "expired while down");
    }

    @Test
    void aCorruptCacheFileIsIgnored() throws Exception {
        Files.createDirectories(dir.resolve("mta-sts"));
        Files.writeString(dir.resolve("mta-sts/policies.json"), "{not json");
        announce("a1");
        assertEquals("a1 mx.one.example", inForce(policies().policyFor("example.com")));
        assertTrue(Files.readString(dir.resolve("mta-sts/policies.json")).contains("mx.one.example"));
    }
}
