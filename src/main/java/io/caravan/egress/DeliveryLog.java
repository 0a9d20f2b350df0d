package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.message.Envelope;
import io.caravan.routing.pools.EgressSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per recipient per attempt on the logger {@code caravan.delivery}, in key=value form so
 * that log tools can index it: what operators grep for when a sender asks where a message went.
 * The status is the recipient's fate after the reply rules (a 5xx about our IP is "deferred").
 * {@code dnssec} is what validation made of a dane destination's answers, "-" for other levels.
 */
final class DeliveryLog {

    private static final Logger LOG = LoggerFactory.getLogger("caravan.delivery");

    private DeliveryLog() {
    }

    static void attempt(Envelope envelope, EgressSource source, String pool, int attempt, DeliveryResult result,
                        List<AttemptResults.Fate> fates) {
        String mx = result.target() == null ? "-" : result.target().toString();
        String tls = tls(result.tls());
        String dnssec = result.dnssec() == null ? "-" : result.dnssec().logName();
        for (AttemptResults.Fate fate : fates) {
            RecipientOutcome o = fate.outcome();
            LOG.info("queue={} rcpt=<{}> status={} source={} ip={} pool={} mx={} code={} dsn={} tls={} dnssec={}"
                            + " attempt={} remote={} text=\"{}\"",
                    envelope.queueId(), o.recipient().address(), status(fate.status()), source.name(),
                    source.bindAddress().getHostAddress(), pool, mx, o.reply().code(), o.reply().enhanced(), tls,
                    dnssec, attempt, o.remote(), o.reply().text().replace("\n", " | ").replace("\"", "'"));
        }
        if (!result.attempts().isEmpty()) {
            LOG.info("queue={} failover={}", envelope.queueId(), result.attempts());
        }
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
