package io.caravan.egress.tlsrpt;

import io.caravan.message.Envelope;
import io.caravan.message.QueueId;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.TxtAnswer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which counted days are reported now and writes their report mails (RFC 8460 §4, §5.3): one report per
 * policy domain and UTC day, to every {@code mailto:} of the domain's {@code _smtp._tls} record.
 *
 * <p>Days before the current UTC day are reported once the UTC hour reaches {@code hour}, so a day's counts are
 * complete. With a non-zero {@code interval} every check reports what has been counted so far, the current day
 * included, and forgets it: that is for tests and trials, as a receiver expects one report per day. A domain
 * without a TLSRPTv1 record, or with no {@code mailto:} in it, has its counts dropped; when DNS cannot answer
 * they are kept for the next check.
 */
public final class TlsRptReporter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsRptReporter.class);

    /** What the reporter identifies itself as and when it reports. */
    public record Settings(String organization, String contact, String sender, String submitter, int hour,
                           Duration interval) {
    }

    /** One report mail, ready for the incoming queue; {@link #sent(Report)} once it is there. */
    public record Report(LocalDate day, String domain, Envelope envelope, byte[] message) {
    }

    private final TlsRptCounts counts;
    private final Function<String, TxtAnswer> txt;
    private final Settings settings;
    private final QueueId queueIds;
    private final Clock clock;

    public TlsRptReporter(TlsRptCounts counts, Function<String, TxtAnswer> txt, Settings settings, Clock clock) {
        this.counts = counts;
        this.txt = txt;
        this.settings = settings;
        this.queueIds = new QueueId(clock);
        this.clock = clock;
    }

    /** The reports due now. */
    public List<Report> due() {
        LocalDate today = counts.today();
        boolean everything = !settings.interval().isZero();
        if (!everything && clock.instant().atZone(ZoneOffset.UTC).getHour() < settings.hour()) {
            return List.of();
        }
        List<Report> out = new ArrayList<>();
        for (LocalDate day : counts.days()) {
            if (!everything && !day.isBefore(today)) {
                continue;
            }
            for (String domain : counts.domains(day)) {
                TxtAnswer answer = txt.apply("_smtp._tls." + domain);
                if (answer instanceof TxtAnswer.Texts texts && !RuaRecord.mailto(texts.records()).isEmpty()) {
                    out.add(report(day, domain, RuaRecord.mailto(texts.records())));
                } else if (answer instanceof TxtAnswer.Failed failed) {
                    LOG.info("TLS report of {} for {}: DNS did not answer ({}), trying again later", domain, day,
                            failed);
                } else {
                    LOG.info("TLS report of {} for {}: no TLSRPTv1 record with a mailto: address, not sent",
                            domain, day);
                    counts.remove(day, domain);
                }
            }
        }
        return out;
    }

    /** The report is on the incoming queue: its counts are done. */
    public void sent(Report report) {
        counts.remove(report.day(), report.domain());
        LOG.info("TLS report of {} for {} queued as {} to {}", report.domain(), report.day(),
                report.envelope().queueId(), report.envelope().recipients().stream().map(Recipient::address).toList());
    }

    private Report report(LocalDate day, String domain, List<String> rua) {
        String reportId = day + "_" + domain + "_" + UUID.randomUUID() + "@" + settings.submitter();
        String json = TlsReport.json(settings.organization(), settings.contact(), reportId, day,
                counts.counts(day, domain));
        byte[] mail = ReportMail.write(settings.sender(), rua, domain, settings.submitter(), reportId, day,
                TlsReport.gzip(json), clock.instant());
        Envelope envelope = new Envelope(queueIds.next(), settings.sender(), rua.stream().map(Recipient::of).toList(),
                null, null, false, null, "127.0.0.1", settings.submitter(), clock.instant());
        return new Report(day, domain, envelope, mail);
    }
}
