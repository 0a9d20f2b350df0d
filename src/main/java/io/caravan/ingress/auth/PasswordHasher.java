package io.caravan.ingress.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The one password scheme of {@code config/users} and {@code config/console-users}:
 * PBKDF2-HMAC-SHA256 with a random 16-octet salt, written as
 * {@code {PBKDF2-SHA256}iterations$base64(salt)$base64(hash)}. The iteration
 * count travels with each entry so it can be raised later without
 * invalidating old entries. Comparison is constant-time.
 *
 * <p>Operators make entries with {@code java -jar caravan.jar user add}.
 */
public final class PasswordHasher {

    public static final String SCHEME = "{PBKDF2-SHA256}";
    /**
     * The cost of new entries, chosen so that one verification stays under
     * 50 ms of CPU: then a burst of AUTH attempts cannot take a small node's
     * cores from mail (verifications also run on a bounded pool, see
     * {@code Authenticator}). Measured with the JDK 17 PBKDF2WithHmacSHA256
     * on the 2-core AMD EPYC development VM: 200,000 iterations 43 ms
     * (median of 11), 600,000 iterations 145 ms. That is a third of OWASP's
     * 2023 figure (600,000); a stolen file is then cheaper to attack
     * offline, which the cost alone cannot prevent anyway for weak passwords.
     * Entries made with another count, such as the 600,000 of earlier
     * versions, still verify at their own cost.
     */
    public static final int DEFAULT_ITERATIONS = 200_000;
    private static final int SALT = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    public static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(String password, int iterations) {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * An entry no password matches, made with the cost most of the given entries use (the higher one on a
     * tie), or the default when there are none. Checking an unknown user's password against it takes as long
     * as a wrong password of a known user, so the time of a refusal does not tell which users exist.
     */
    public static String dummyFor(Collection<String> entries) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String stored : entries) {
            int iterations = iterations(stored);
            if (iterations > 0) {
                counts.merge(iterations, 1, Integer::sum);
            }
        }
        int best = DEFAULT_ITERATIONS;
        int bestCount = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() > best) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return hash(Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong()), best);
    }

    /** Whether the password matches the stored entry; false for an entry in any other format. */
    public static boolean verify(String password, String stored) {
        String[] parts = parts(stored);
        if (parts == null) {
            return false;
        }
        int iterations = Integer.parseInt(parts[0]);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    /** The cost an entry was made with, or -1 when the entry is not in this scheme. */
    public static int iterations(String stored) {
        String[] parts = parts(stored);
        return parts == null ? -1 : Integer.parseInt(parts[0]);
    }

    /** iterations, salt, hash of a well-formed entry, else null. */
    private static String[] parts(String stored) {
        if (stored == null || !stored.startsWith(SCHEME)) {
            return null;
        }
        String[] parts = stored.substring(SCHEME.length()).split("\\$");
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        try {
            if (Integer.parseInt(parts[0]) < 1) {
                return null;
            }
            Base64.getDecoder().decode(parts[1]);
            Base64.getDecoder().decode(parts[2]);
            return parts;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
