package io.caravan.egress.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The two client contexts outbound TLS needs: one that accepts any certificate (may, encrypt,
 * and dane, where the TLSA records, not a CA, decide after the handshake) and one that checks the
 * chain against the configured CAs (verify). Host name checks are set per session, because they
 * are against the MX name of that session.
 */
public final class TlsContexts {

    private final SslContext anyCertificate;
    private final SslContext pkix;

    public TlsContexts(TlsSettings settings) {
        try {
            String[] protocols = settings.protocols().toArray(String[]::new);
            anyCertificate = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .endpointIdentificationAlgorithm(null)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            SslContextBuilder verified = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .endpointIdentificationAlgorithm(null);
            if (settings.trust() != null) {
                verified.trustManager(settings.trust());
            }
            pkix = verified.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build TLS client contexts: " + e.getMessage(), e);
        }
    }

    /** The context for a level; host name verification is the caller's part. */
    public SslContext forPolicy(TlsPolicy policy) {
        return policy == TlsPolicy.VERIFY ? pkix : anyCertificate;
    }
}
