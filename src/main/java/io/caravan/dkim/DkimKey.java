package io.caravan.dkim;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * One signing key: the domain it signs for (d=), its selector (s=), the key, and the tenant (authenticated
 * user) it is reserved for, or null for every sender of the domain.
 *
 * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256} (RFC 8463), from the key's type
 */
public record DkimKey(String domain, String selector, String tenant, String algorithm, PrivateKey key) {

    public static final String RSA_SHA256 = "rsa-sha256";
    public static final String ED25519_SHA256 = "ed25519-sha256";
    /** RFC 8301: verifiers must refuse RSA keys below 1024 bits; 2048 is what Gmail and Yahoo ask for. */
    static final int MIN_RSA_BITS = 1024;

    /** The DNS name its public key is published under. */
    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    /**
     * Reads a PEM private key: PKCS#8 ("BEGIN PRIVATE KEY", what {@code openssl genpkey} writes, RSA or
     * Ed25519) or PKCS#1 ("BEGIN RSA PRIVATE KEY").
     */
    public static PrivateKey readPem(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("no unencrypted private key in " + file
                    + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
        }
    }

    /** The algorithm a key signs with, or an exception naming why it cannot sign. */
    static String algorithmOf(PrivateKey key) {
        String type = key.getAlgorithm();
        if (type.equals("RSA")) {
            int bits = ((RSAKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA key of " + bits + " bits; at least 1024, better 2048");
            }
            return RSA_SHA256;
        }
        if (type.equals("Ed25519") || type.equals("EdDSA")) {
            return ED25519_SHA256;
        }
        throw new IllegalArgumentException("key type " + type + " cannot sign DKIM (RSA or Ed25519)");
    }
}
