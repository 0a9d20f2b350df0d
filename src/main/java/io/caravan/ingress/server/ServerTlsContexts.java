package io.caravan.ingress.server;

import io.caravan.config.PrivateFiles;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The server's TLS context for STARTTLS: TLS 1.2 and 1.3 only, JDK provider.
 * The certificate and key come from the configured PEM files; without them
 * a self-signed certificate for our hostname is generated once and kept in
 * the data directory, so restarts present the same certificate. MTA-to-MTA
 * TLS is opportunistic (RFC 3207), so a self-signed certificate still
 * protects against passive eavesdropping.
 */
public final class ServerTlsContexts {

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String CERT_FILE = "smtp-selfsigned.crt";
    static final String KEY_FILE = "smtp-selfsigned.key";

    private ServerTlsContexts() {
    }

    public static SslContext forServer(SmtpServerSettings settings) {
        Path cert = settings.tlsCertificate();
        Path key = settings.tlsKey();
        if (cert == null || key == null) {
            cert = settings.dataDir().resolve(CERT_FILE);
            key = settings.dataDir().resolve(KEY_FILE);
            if (!Files.exists(cert) || !Files.exists(key)) {
                generateSelfSigned(settings.hostname(), cert, key);
            }
        }
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load TLS certificate " + cert, e);
        }
    }

    /** Writes an ECDSA P-256 self-signed certificate and its PKCS#8 key as PEM. */
    public static void generateSelfSigned(String hostname, Path certFile, Path keyFile) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + hostname);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            Files.createDirectories(certFile.toAbsolutePath().getParent());
            PrivateFiles.directory(keyFile.toAbsolutePath().getParent());
            // mode 0600 set explicitly: with the usual umask 022 the key would be world-readable
            PrivateFiles.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(certFile, pem("CERTIFICATE", holder.getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a self-signed certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
