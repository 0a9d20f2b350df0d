package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.maillog.MailLog;
import io.caravan.maillog.MailLogLines;
import io.caravan.message.Envelope;
import io.caravan.egress.pools.EgressSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The egress lines of the mail log (docs/OPERATIONS.md, "Mail log"): one per recipient per attempt,
 * what operators grep for when a sender asks where a message went. The status is the recipient's fate after the reply rules (a 5xx about our IP is
 * "deferred"). {@code dnssec} is what validation made of a dane destination's answers, "-" for other levels.
 */
final class DeliveryLog {

    private DeliveryLog() {
    }

    /**
     * @param takenAt    when egress took the message for this attempt (the node's clock, as the envelope's
     *                   receivedAt)
     * @param egressNanos egress's whole time on the attempt, from taking the message to the result
     */
    static void attempt(Envelope envelope, EgressSource source, String pool, int attempt, DeliveryResult result,
                        List<AttemptResults.Fate> fates, Instant takenAt, long egressNanos) {
        if (!MailLog.enabled()) {
            return;
        }
        MailLogLines.Delays delays = delays(envelope.receivedAt(), takenAt, egressNanos, result);
        String relay = result.target() == null ? null : result.target().toString();
        String tls = tls(result.tls());
        String dnssec = result.dnssec() == null ? "-" : result.dnssec().logName();
        for (AttemptResults.Fate fate : fates) {
            RecipientOutcome o = fate.outcome();
            MailLog.line(MailLogLines.delivery(envelope.queueId(), o.recipient().address(), relay, source.name(),
                    pool, delays, tls, o.reply().enhanced(), dnssec, attempt, status(fate.status()),
                    o.reply().code(), o.reply().text()));
        }
        if (!result.attempts().isEmpty()) {
            MailLog.line(MailLogLines.failover(envelope.queueId(), result.attempts()));
        }
    }

    /** Postfix's split as far as egress sees it; the client's own parts come measured in the result. */
    static MailLogLines.Delays delays(Instant receivedAt, Instant takenAt, long egressNanos, DeliveryResult result) {
        long before = receivedAt == null ? 0 : Math.max(0, Duration.between(receivedAt, takenAt).toNanos());
        long inEgress = Math.max(0, egressNanos - result.setupNanos() - result.transmissionNanos());
        return new MailLogLines.Delays(before, inEgress, result.setupNanos(), result.transmissionNanos());
    }

    static String tls(TlsInfo tls) {
        return tls.used() ? tls.protocol() + "/" + tls.cipher() + "/" + tls.verification() : "none";
    }

    /** The status word of the log line, also the metrics' status label. */
    static String status(AttemptResults.Fate.Status status) {
        return switch (status) {
            case DELIVERED -> "sent";
            case DEFERRED -> "deferred";
            case FAILED -> "bounced";
        };
    }
}
