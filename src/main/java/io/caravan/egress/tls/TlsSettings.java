package io.caravan.egress.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
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

    /**
     * A comma-separated protocol list from configuration, each one a version the JDK supports.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static List<String> protocols(String protocols) {
        List<String> list = Arrays.stream(protocols.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol given");
        }
        Set<String> supported = supported();
        for (String p : list) {
            if (!supported.contains(p)) {
                throw new IllegalArgumentException("unknown TLS protocol '" + p + "' (this JDK knows " + supported + ")");
            }
        }
        return list;
    }

    private static Set<String> supported() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JDK", e);
        }
    }

    /**
     * Trust in exactly the CA certificates of a PEM file, for {@code verify} destinations.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TrustManagerFactory trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            try {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            } catch (CertificateException e) {
                throw new IllegalArgumentException("no PEM certificate in it (" + e.getMessage() + ")", e);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no PEM certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read CA certificates: " + e.getMessage(), e);
        }
    }

    public TlsSettings withTrust(TrustManagerFactory trustManagers) {
        return new TlsSettings(protocols, trustManagers);
    }
}
