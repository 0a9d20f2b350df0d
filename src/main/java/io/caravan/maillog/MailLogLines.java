package io.caravan.maillog;

/**
 * The text of the mail log's lines (docs/OPERATIONS.md, "Mail log"): key=value fields in the order and
 * spelling of Postfix's where Postfix has one, a free-text reason last in parentheses. Every value a
 * client, a remote server or an operator chose goes through {@link LogValue}; names Caravan's own
 * configuration gives (listener, source, pool, provider, rule) are written as they are. Built with a
 * StringBuilder, no format strings: the delivery line is written for every recipient of every attempt.
 */
public final class MailLogLines {

    private MailLogLines() {
    }

    /**
     * Where each second of a recipient's delay went, in nanoseconds; Postfix's {@code delays=a/b/c/d}.
     *
     * @param beforeEgress acceptance to the egress stage taking this attempt's message (routing, queues, retry waits)
     * @param inEgress     egress's own part before the SMTP client: DANE and MTA-STS look-ups, shaping admission
     * @param setup        the SMTP client until the transaction: connections, greeting, EHLO, STARTTLS, failover
     * @param transmission the transaction on the session that answered: MAIL to the final reply
     */
    public record Delays(long beforeEgress, long inEgress, long setup, long transmission) {

        public long total() {
            return beforeEgress + inEgress + setup + transmission;
        }
    }

    /** The line of a message accepted by ingress. */
    public static String accepted(String queueId, String from, long size, int nrcpt, String clientIp, String helo,
                                  String auth, String listener, String tls) {
        StringBuilder b = new StringBuilder(256);
        b.append("queue_id=").append(queueId);
        LogValue.field(b.append(" from=<"), from).append('>');
        b.append(" size=").append(size).append(" nrcpt=").append(nrcpt);
        b.append(" client=unknown[").append(clientIp == null ? "-" : clientIp).append(']');
        LogValue.field(b.append(" helo="), helo);
        LogValue.field(b.append(" auth="), auth);
        b.append(" listener=").append(listener);
        LogValue.field(b.append(" tls="), tls);
        return b.toString();
    }

    /**
     * The line of one recipient's outcome of one delivery attempt.
     *
     * @param relay  {@code host[ip]:port} of the host that answered, or null when none was reached
     * @param status {@code sent}, {@code deferred} or {@code bounced}
     */
    public static String delivery(String queueId, String to, String relay, String source, String pool,
                                  Delays delays, String tls, String dsn, String dnssec, int attempt, String status,
                                  int code, String replyText) {
        StringBuilder b = new StringBuilder(320);
        b.append("queue_id=").append(queueId);
        LogValue.field(b.append(" to=<"), to).append('>');
        b.append(" relay=").append(relay == null ? "none" : relay);
        b.append(" source=").append(source).append(" pool=").append(pool);
        seconds(b.append(" delay="), delays.total());
        seconds(b.append(" delays="), delays.beforeEgress());
        seconds(b.append('/'), delays.inEgress());
        seconds(b.append('/'), delays.setup());
        seconds(b.append('/'), delays.transmission());
        LogValue.field(b.append(" tls="), tls);
        LogValue.field(b.append(" dsn="), dsn);
        b.append(" dnssec=").append(dnssec).append(" attempt=").append(attempt);
        b.append(" status=").append(status).append(" (").append(code);
        if (dsn != null) {
            b.append(' ').append(LogValue.safe(dsn));
        }
        if (replyText != null && !replyText.isEmpty()) {
            LogValue.text(b.append(' '), replyText);
        }
        return b.append(')').toString();
    }

    /** The hosts tried before the one that answered, when there were any. */
    public static String failover(String queueId, Iterable<String> attempts) {
        StringBuilder b = new StringBuilder(160).append("queue_id=").append(queueId).append(" status=failover (");
        String sep = "";
        for (String a : attempts) {
            LogValue.text(b.append(sep), a);
            sep = "; ";
        }
        return b.append(')').toString();
    }

    /**
     * A source taken out for a provider ({@code suspended} or {@code blocked}) or put back ({@code resumed}).
     *
     * @param until  when a suspension ends (ISO-8601), null for a resume
     * @param node   the node whose rule or operator decided it
     * @param reason the reply that triggered the rule, or the operator's word
     */
    public static String reputation(String source, String provider, String status, String rule, String until,
                                    String node, String reason) {
        StringBuilder b = new StringBuilder(200);
        LogValue.field(b.append("source="), source);
        LogValue.field(b.append(" provider="), provider);
        b.append(" status=").append(status);
        LogValue.field(b.append(" rule="), rule);
        if (until != null) {
            b.append(" until=").append(until);
        }
        LogValue.field(b.append(" node="), node);
        return LogValue.text(b.append(" ("), reason).append(')').toString();
    }

    /** Seconds with two decimals, as Postfix writes delays; negative durations (a clock step) count as 0. */
    static StringBuilder seconds(StringBuilder b, long nanos) {
        long hundredths = Math.max(0, (nanos + 5_000_000) / 10_000_000);
        b.append(hundredths / 100).append('.');
        long rest = hundredths % 100;
        return b.append((char) ('0' + rest / 10)).append((char) ('0' + rest % 10));
    }
}
