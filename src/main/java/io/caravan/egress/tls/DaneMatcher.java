package io.caravan.egress.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether a server's certificate chain satisfies its TLSA records (RFC 7672 §3, RFC 7671).
 *
 * <p>DANE-EE(3) records match the server's own certificate or public key and nothing else is
 * checked: not names, not dates, not issuers, because the DNS owner vouches for the key itself.
 * DANE-TA(2) records match an issuer in the presented chain; the chain below it must then be
 * correctly signed and the server certificate must name the MX host (the TLSA base domain), as
 * a CA would otherwise be able to issue for anyone. When no record is usable (PKIX usages 0/1,
 * unknown selectors or matching types), DANE gives no authentication and only mandatory
 * encryption remains (RFC 7672 §2.2).
 */
public final class DaneMatcher {

    public enum Verdict { MATCH, MISMATCH, NO_USABLE_RECORDS }

    public record Result(Verdict verdict, String detail) {
    }

    private DaneMatcher() {
    }

    public static Result match(List<X509Certificate> chain, List<Tlsa> records, String mxHost) {
        List<Tlsa> usable = records.stream().filter(Tlsa::usable).toList();
        if (usable.isEmpty()) {
            return new Result(Verdict.NO_USABLE_RECORDS, "no usable TLSA record among " + records.size());
        }
        if (chain.isEmpty()) {
            return new Result(Verdict.MISMATCH, "no certificate presented");
        }
        X509Certificate leaf = chain.get(0);
        for (Tlsa tlsa : usable) {
            if (tlsa.usage() == Tlsa.DANE_EE && matches(leaf, tlsa)) {
                return new Result(Verdict.MATCH, "DANE-EE " + tlsa.selector() + " " + tlsa.matchingType());
            }
        }
        for (Tlsa tlsa : usable) {
            if (tlsa.usage() != Tlsa.DANE_TA) {
                continue;
            }
            for (int i = 1; i < chain.size(); i++) {
                if (matches(chain.get(i), tlsa)) {
                    if (!signedUpTo(chain, i)) {
                        return new Result(Verdict.MISMATCH, "chain below the DANE-TA certificate is not validly signed");
                    }
                    if (!names(leaf, mxHost)) {
                        return new Result(Verdict.MISMATCH, "certificate does not name " + mxHost);
                    }
                    return new Result(Verdict.MATCH, "DANE-TA " + tlsa.selector() + " " + tlsa.matchingType()
                            + " at depth " + i);
                }
            }
        }
        return new Result(Verdict.MISMATCH, "no TLSA record matches the certificate chain");
    }

    static boolean matches(X509Certificate cert, Tlsa tlsa) {
        try {
            byte[] selected = tlsa.selector() == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
            byte[] digest = switch (tlsa.matchingType()) {
                case 0 -> selected;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> null;
            };
            return digest != null && MessageDigest.isEqual(digest, tlsa.data());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedUpTo(List<X509Certificate> chain, int anchor) {
        for (int k = 0; k < anchor; k++) {
            try {
                if (!chain.get(k).getIssuerX500Principal().equals(chain.get(k + 1).getSubjectX500Principal())) {
                    return false;
                }
                chain.get(k).verify(chain.get(k + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return true;
    }

    /** Subject alternative DNS names (a leading "*." matches one label); the CN only without any. */
    static boolean names(X509Certificate cert, String host) {
        String wanted = strip(host);
        boolean sawDns = false;
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> entry : alt) {
                    if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0))) {
                        sawDns = true;
                        if (nameMatches(strip(entry.get(1).toString()), wanted)) {
                            return true;
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sawDns) {
            return false;
        }
        String cn = commonName(cert.getSubjectX500Principal());
        return cn != null && nameMatches(strip(cn), wanted);
    }

    private static boolean nameMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    private static String strip(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String commonName(X500Principal principal) {
        return Arrays.stream(principal.getName(X500Principal.RFC2253).split(","))
                .filter(part -> part.startsWith("CN="))
                .map(part -> part.substring(3))
                .findFirst().orElse(null);
    }
}
