package io.caravan.egress.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made on the fly with BouncyCastle: self-signed servers, and a CA with a leaf. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    public record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {

        /** A server context presenting this certificate's chain. */
        public SSLContext serverContext() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), new char[0], chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        /** Trust managers that trust exactly this certificate as an anchor. */
        public TrustManagerFactory trustingThis() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("anchor", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        }
    }

    private TestCertificates() {
    }

    public static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static Issued selfSigned(String dnsName) throws Exception {
        KeyPair keys = keys();
        X509Certificate cert = sign(dnsName, keys, dnsName, keys.getPrivate(), false);
        return new Issued(keys, cert, List.of(cert));
    }

    /** Self-signed for an IP address (a subjectAltName of type iPAddress), as a client connecting to it checks. */
    public static Issued selfSignedAddress(String address) throws Exception {
        KeyPair keys = keys();
        X509Certificate cert = sign(address, keys, address, keys.getPrivate(), false,
                new GeneralName(GeneralName.iPAddress, address));
        return new Issued(keys, cert, List.of(cert));
    }

    public static Issued ca(String name) throws Exception {
        KeyPair keys = keys();
        X509Certificate cert = sign(name, keys, name, keys.getPrivate(), true);
        return new Issued(keys, cert, List.of(cert));
    }

    public static Issued issuedBy(Issued ca, String dnsName) throws Exception {
        KeyPair keys = keys();
        X509Certificate cert = sign(dnsName, keys, ca.certificate().getSubjectX500Principal().getName()
                .replace("CN=", ""), ca.keys().getPrivate(), false);
        return new Issued(keys, cert, List.of(cert, ca.certificate()));
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        boolean ca) throws Exception {
        return sign(subject, subjectKeys, issuer, issuerKey, ca, new GeneralName(GeneralName.dNSName, subject));
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        boolean ca, GeneralName name) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(name));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
