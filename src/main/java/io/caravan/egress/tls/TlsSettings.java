package io.caravan.egress.tls;

import java.util.List;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS knobs for outbound sessions.
 *
 * @param protocols accepted protocol versions; TLS 1.2 and 1.3 by default (older versions are
 *                  broken or deprecated by RFC 8996)
 * @param trust     the trust store for {@code verify}; null means the JDK's default CA set
 */
public record TlsSettings(List<String> protocols, TrustManagerFactory trust) {

    public TlsSettings {
        protocols = List.copyOf(protocols);
    }

    public static TlsSettings defaults() {
        return new TlsSettings(List.of("TLSv1.3", "TLSv1.2"), null);
    }

    public TlsSettings withTrust(TrustManagerFactory trustManagers) {
        return new TlsSettings(protocols, trustManagers);
    }
}
