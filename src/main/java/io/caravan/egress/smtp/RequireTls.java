package io.caravan.egress.smtp;

import io.caravan.egress.tls.TlsDemand;
import io.caravan.smtp.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * RFC 8689 §4.2.1 for a message that came with REQUIRETLS: the session must be TLS with the server
 * authenticated (PKIX or DANE) and the server must offer REQUIRETLS after STARTTLS, or the message does
 * not go to that host. The client tries the next MX host; when none qualifies the message is returned
 * with the RFC's codes: 5.7.30 when a server does not offer REQUIRETLS, 5.7.10 when no TLS-protected,
 * authenticated session could be had. These are permanent: retrying would reach the same hosts.
 */
public final class RequireTls {

    private RequireTls() {
    }

    /**
     * Whether the outcome is this class's verdict on a REQUIRETLS message, to be returned to the sender: the
     * reply rules defer every failure of Caravan's own making, since most are transient, and this one is not.
     */
    public static boolean returned(RecipientOutcome o) {
        return !o.remote() && (o.phase() == Phase.STARTTLS || o.phase() == Phase.TLS) && o.reply().code() == 550
                && ("5.7.10".equals(o.reply().enhanced()) || "5.7.30".equals(o.reply().enhanced()));
    }

    /** Why {@code c} may not carry a REQUIRETLS message, or null when it may (or none is asked for). */
    static SessionFailure unfit(TlsDemand demand, SmtpConnection c) {
        if (!demand.requireTls()) {
            return null;
        }
        String verified = c.tls.verification();
        if (!c.tls.used() || !("pkix".equals(verified) || "dane".equals(verified))) {
            return new SessionFailure(Phase.TLS, Reply.of(550, "5.7.10", "REQUIRETLS: the session with "
                    + c.target + " is not TLS with an authenticated server"), false);
        }
        if (!c.capabilities.has("REQUIRETLS")) {
            return new SessionFailure(Phase.TLS, Reply.of(550, "5.7.30", "REQUIRETLS support required, but "
                    + c.target + " does not offer it"), false);
        }
        return null;
    }

    /**
     * A failure to get TLS (STARTTLS not offered or refused, a failed handshake or certificate check) is the
     * RFC's 5.7.10 for a REQUIRETLS message; anything else (a lost connection, the receiver's replies to the
     * transaction) stays as it is.
     */
    static CompletableFuture<DeliveryResult> failure(TlsDemand demand, Throwable error) {
        SessionFailure f = SessionFailure.unwrap(error);
        if (!demand.requireTls() || f == null || !(f.phase == Phase.STARTTLS || f.phase == Phase.TLS)
                || f.reply.permanentFailure()) {
            return CompletableFuture.failedFuture(error);
        }
        return CompletableFuture.failedFuture(new SessionFailure(f.phase, Reply.of(550, "5.7.10",
                "REQUIRETLS: no TLS-protected session: " + f.reply.code() + " " + f.reply.text().replace('\n', ' ')),
                false));
    }
}
