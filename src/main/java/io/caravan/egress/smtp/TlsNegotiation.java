package io.caravan.egress.smtp;

import io.caravan.egress.tls.DaneLookup;
import io.caravan.egress.tls.DaneMatcher;
import io.caravan.egress.tls.TlsContexts;
import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.Tlsa;
import io.caravan.egress.tls.TlsaAnswer;
import io.caravan.smtp.Reply;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Applies a destination's TLS level to a greeted session: whether to send STARTTLS, what a
 * refusal or failed handshake means, and (for dane) whether the certificate chain matches the
 * validated TLSA records. Mandatory levels never fall back to cleartext; a failure is reported
 * at phase STARTTLS or TLS with a 4xx reply so that the mail is deferred, not bounced: our own 4.7.x,
 * or the receiver's own 4xx to STARTTLS (a 5xx to STARTTLS becomes our 4.7.4 too).
 */
final class TlsNegotiation {

    /** The level actually applied to one host, with the TLSA records when it is dane. */
    record Level(TlsPolicy policy, List<Tlsa> tlsa) {
        static final Level PLAINTEXT = new Level(TlsPolicy.NONE, List.of());

        /** This level, or {@code floor} when it is weaker (dane that fell back to may under a verify floor). */
        Level atLeast(TlsPolicy floor) {
            return policy.ordinal() >= floor.ordinal() ? this : new Level(floor, List.of());
        }
    }

    private static final SmtpCommand STARTTLS = SmtpCommand.valueOf("STARTTLS");

    private final TlsContexts contexts;

    TlsNegotiation(TlsContexts contexts) {
        this.contexts = contexts;
    }

    /**
     * Resolves dane into dane-with-records, may (validated denial or unsigned, or a host whose
     * address was not DNSSEC-secure, whose TLSA is therefore not asked) or a deferral.
     */
    CompletableFuture<Level> level(DaneLookup dane, MxTarget target, TlsPolicy policy) {
        if (policy != TlsPolicy.DANE) {
            return CompletableFuture.completedFuture(new Level(policy, List.of()));
        }
        if (!target.secure()) {
            return CompletableFuture.completedFuture(new Level(TlsPolicy.MAY, List.of()));
        }
        if (dane == null) {
            return CompletableFuture.failedFuture(failure("dane policy for " + target.hostname()
                    + " but no DNSSEC resolver is configured"));
        }
        return dane.lookup(target.hostname(), target.port()).toCompletableFuture().thenApply(answer -> {
            if (answer instanceof TlsaAnswer.Secure secure) {
                return new Level(TlsPolicy.DANE, secure.records());
            }
            if (answer instanceof TlsaAnswer.Failed failed) {
                throw failure("DANE policy unknown for " + target.hostname() + ": " + failed.reason())
                        .dnssecBogus();
            }
            return new Level(TlsPolicy.MAY, List.of());
        });
    }

    CompletableFuture<SmtpConnection> negotiate(SmtpConnection c, Level level) {
        TlsPolicy policy = level.policy();
        if (policy == TlsPolicy.NONE) {
            return CompletableFuture.completedFuture(c);
        }
        if (!c.capabilities.startTls()) {
            if (policy == TlsPolicy.MAY) {
                return CompletableFuture.completedFuture(c);
            }
            c.quit();
            return CompletableFuture.failedFuture(new SessionFailure(Phase.STARTTLS, Reply.of(451, "4.7.4",
                    "TLS is required, but was not offered by " + c.target), false));
        }
        return c.command(new DefaultSmtpRequest(STARTTLS), Phase.STARTTLS).thenCompose(reply -> {
            if (reply.code() != 220) {
                if (policy == TlsPolicy.MAY) {
                    return CompletableFuture.completedFuture(c);
                }
                c.quit();
                throw refused(c, reply);
            }
            return c.handshake(contexts.forPolicy(policy), policy == TlsPolicy.VERIFY)
                    .thenCompose(session -> {
                        c.tls = authenticate(c, level, session);
                        return c.hello();
                    })
                    .thenApply(hello -> {
                        if (!hello.positive()) {
                            c.quit();
                            throw new SessionFailure(Phase.EHLO, hello, true);
                        }
                        return c;
                    });
        });
    }

    /**
     * A refused STARTTLS at a mandatory level. A receiver's TLS trouble (a missing certificate, a broken key
     * store) is usually fixed within the retry window and says nothing against the message or its recipients,
     * so even a 5xx defers: it becomes our 4.7.4, with the receiver's words in the text. A 4xx defers as it
     * came, so the reply rules still read it.
     */
    private static SessionFailure refused(SmtpConnection c, Reply reply) {
        if (reply.code() < 500) {
            return new SessionFailure(Phase.STARTTLS, reply, true);
        }
        return new SessionFailure(Phase.STARTTLS, Reply.of(451, "4.7.4", "TLS is required, but " + c.target
                + " refused STARTTLS: " + reply.code() + (reply.enhanced() == null ? "" : " " + reply.enhanced())
                + " " + reply.text().replace('\n', ' ')), false);
    }

    private static TlsInfo authenticate(SmtpConnection c, Level level, SSLSession session) {
        TlsInfo plain = c.tls;
        return switch (level.policy()) {
            case VERIFY -> new TlsInfo(true, plain.protocol(), plain.cipher(), "pkix");
            case DANE -> {
                DaneMatcher.Result result = DaneMatcher.match(chain(session), level.tlsa(), c.target.hostname());
                yield switch (result.verdict()) {
                    case MATCH -> new TlsInfo(true, plain.protocol(), plain.cipher(), "dane");
                    case NO_USABLE_RECORDS -> plain;
                    case MISMATCH -> {
                        c.close();
                        throw new SessionFailure(Phase.TLS, Reply.of(451, "4.7.5",
                                "DANE authentication of " + c.target + " failed: " + result.detail()), false);
                    }
                };
            }
            default -> plain;
        };
    }

    private static List<X509Certificate> chain(SSLSession session) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate cert : session.getPeerCertificates()) {
                if (cert instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return out;
    }

    private static SessionFailure failure(String text) {
        return new SessionFailure(Phase.TLS, Reply.of(451, "4.7.5", text), false);
    }
}
