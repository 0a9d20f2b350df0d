package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.routing.mx.TxtAnswer;
import io.caravan.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which counted days are reported when, to whom, and what becomes of counts nobody can receive. */
class TlsRptReporterTest {

    private static final Map<String, TxtAnswer> DNS = Map.of(
            "_smtp._tls.a.example", new TxtAnswer.Texts(List.of("v=TLSRPTv1; rua=mailto:r1@rua.example,mailto:r2@rua.example")),
            "_smtp._tls.b.example", new TxtAnswer.None(),
            "_smtp._tls.c.example", new TxtAnswer.Failed("timeout"));

    private static final PolicyRef C = new PolicyRef("sts", List.of("mode: enforce"), "c.example", List.of("mx"));

    @TempDir
    Path dir;

    private MutableClock clock;
    private TlsRptCounts counts;

    private TlsRptReporter reporter(Duration interval) {
        return new TlsRptReporter(counts, name -> DNS.getOrDefault(name, new TxtAnswer.None()),
                new TlsRptReporter.Settings("Org", "c@gw.example", "tlsrpt@gw.example", "gw.example", 2, interval),
                clock);
    }

    private void countSomeOn(String instant) {
        clock = clock == null ? MutableClock.at(instant) : clock;
        counts = counts == null ? new TlsRptCounts(dir, clock) : counts;
        counts.record(List.of(Session.success(TlsRptCountsTest.A), Session.success(TlsRptCountsTest.B),
                Session.success(C)));
    }

    @Test
    void dailyReportsWaitForTheDayToEndAndTheHour() {
        countSomeOn("2026-03-01T12:00:00Z");
        TlsRptReporter reporter = reporter(Duration.ZERO);
        assertEquals(List.of(), reporter.due(), "the day is not over");
        clock.advance(Duration.ofHours(13)); // 2026-03-02T01:00Z, before hour 2
        assertEquals(List.of(), reporter.due(), "before the hour");
        clock.advance(Duration.ofHours(1));
        List<TlsRptReporter.Report> due = reporter.due();
        assertEquals(1, due.size(), "a.example only: b.example has no record, c.example's DNS failed");
        TlsRptReporter.Report report = due.get(0);
        assertEquals("a.example", report.domain());
        assertEquals(LocalDate.parse("2026-03-01"), report.day());
        assertEquals("tlsrpt@gw.example", report.envelope().mailFrom());
        assertEquals(List.of("r1@rua.example", "r2@rua.example"),
                report.envelope().recipients().stream().map(r -> r.address()).toList());
        LocalDate day = LocalDate.parse("2026-03-01");
        assertEquals(List.of("a.example", "c.example"), counts.domains(day), "b.example dropped, c.example kept");
        reporter.sent(report);
        assertEquals(List.of("c.example"), counts.domains(day));
        assertEquals(List.of(), reporter.due(), "sent once");
    }

    @Test
    void anIntervalReportsTodayAsWell() {
        countSomeOn("2026-03-01T00:30:00Z");
        TlsRptReporter reporter = reporter(Duration.ofSeconds(1));
        List<TlsRptReporter.Report> due = reporter.due();
        assertEquals(List.of("a.example"), due.stream().map(TlsRptReporter.Report::domain).toList());
        reporter.sent(due.get(0));
        countSomeOn("ignored");
        assertEquals(1, reporter.due().size(), "counting starts again after a report");
    }
}
