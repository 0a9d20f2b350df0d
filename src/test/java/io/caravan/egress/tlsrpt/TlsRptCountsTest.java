package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions counted per policy and UTC day, kept in one private file per day across restarts. */
class TlsRptCountsTest {

    static final PolicyRef A = new PolicyRef("sts", List.of("version: STSv1", "mode: enforce", "mx: mx.a.example",
            "max_age: 86400"), "a.example", List.of("mx.a.example"));
    static final PolicyRef B = new PolicyRef("sts", List.of("version: STSv1", "mode: testing", "mx: mx.b.example",
            "max_age: 86400"), "b.example", List.of("mx.b.example"));

    static Session fail(PolicyRef p, String type, String mx) {
        return new Session(p, type, "192.0.2.1", mx);
    }

    @TempDir
    Path dir;

    @Test
    void countsByPolicyByFailureAndByUtcDay() {
        MutableClock clock = MutableClock.at("2026-03-01T23:59:00Z");
        TlsRptCounts counts = new TlsRptCounts(dir.resolve("tls-rpt"), clock);
        counts.record(List.of(Session.success(A), Session.success(B)));
        counts.record(List.of(Session.success(A), fail(A, "starttls-not-supported", "mx.a.example")));
        counts.record(List.of(fail(A, "starttls-not-supported", "mx.a.example")));
        counts.record(List.of(fail(A, "certificate-host-mismatch", "mx.a.example")));
        clock.advance(Duration.ofMinutes(2)); // past midnight UTC: the next day
        counts.record(List.of(Session.success(A)));

        LocalDate first = LocalDate.parse("2026-03-01");
        LocalDate second = LocalDate.parse("2026-03-02");
        assertEquals(List.of(first, second), counts.days());
        assertEquals(List.of("a.example", "b.example"), counts.domains(first));
        PolicyCount a = counts.counts(first, "a.example").get(0);
        assertEquals(2, a.successful());
        assertEquals(3, a.failed());
        assertEquals(List.of(new FailureCount("starttls-not-supported", "192.0.2.1", "mx.a.example", 2),
                new FailureCount("certificate-host-mismatch", "192.0.2.1", "mx.a.example", 1)), a.failures());
        assertEquals(1, counts.counts(first, "b.example").get(0).successful());
        assertEquals(1, counts.counts(second, "a.example").get(0).successful());
        assertEquals(0, counts.counts(second, "a.example").get(0).failed());
    }

    @Test
    void countsSurviveARestartInPrivateFiles() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        Path store = dir.resolve("tls-rpt");
        new TlsRptCounts(store, clock).record(List.of(Session.success(A), fail(B, "starttls-not-supported", "mx")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        Path file = store.resolve("2026-03-01.json");
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(store.resolve("2026-03-01.json.new")), "written through a rename");

        TlsRptCounts again = new TlsRptCounts(store, clock);
        again.record(List.of(Session.success(A)));
        LocalDate day = LocalDate.parse("2026-03-01");
        assertEquals(2, again.counts(day, "a.example").get(0).successful());
        assertEquals(1, again.counts(day, "b.example").get(0).failed());

        again.remove(day, "a.example");
        assertEquals(List.of("b.example"), new TlsRptCounts(store, clock).domains(day));
        again.remove(day, "b.example");
        assertFalse(Files.exists(file), "a day with nothing left has no file");
        assertEquals(List.of(), new TlsRptCounts(store, clock).days());
    }

    @Test
    void anUnreadableFileIsLeftAndSkipped() throws Exception {
        Path store = dir.resolve("tls-rpt");
        Files.createDirectories(store);
        Files.writeString(store.resolve("2026-03-01.json"), "{not json");
        TlsRptCounts counts = new TlsRptCounts(store, MutableClock.at("2026-03-02T10:00:00Z"));
        assertEquals(List.of(), counts.days());
        assertTrue(Files.exists(store.resolve("2026-03-01.json")));
    }
}
