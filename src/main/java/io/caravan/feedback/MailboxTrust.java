package io.caravan.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The certificates a mailbox's {@code ca-file} names, as the only anchors its server's chain is checked against
 * (a private CA, or a test server's own certificate). The mail client still checks the server's name or address
 * against the certificate: this changes whom it trusts, never whether it checks.
 */
final class MailboxTrust {

    private MailboxTrust() {
    }

    /** The PEM (or DER) certificates of {@code file}; at least one, or an error naming the file. */
    static X509TrustManager load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": no certificate in it");
            }
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                anchors.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JDK");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a certificate file: " + e.getMessage(), e);
        }
    }

    /** Camel Mail's TLS settings for a mailbox that trusts only {@code anchors}. */
    static SSLContextParameters parameters(X509TrustManager anchors) {
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(anchors);
        SSLContextParameters p = new SSLContextParameters();
        p.setTrustManagers(trust);
        return p;
    }
}
