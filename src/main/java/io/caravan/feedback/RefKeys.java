package io.caravan.feedback;

import io.caravan.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that seals the references Caravan stamps on outgoing mail ({@link FeedbackRef}, {@link ReturnPath}),
 * so that only a node holding it can read what a reference says and nobody without it can make one that opens.
 *
 * <p>Sealing is deterministic authenticated encryption in the synthetic-IV pattern: the tag is an HMAC-SHA256
 * of the plaintext (truncated to {@value #TAG} bytes), and the plaintext is encrypted with AES-256 in counter
 * mode starting from that tag. Opening decrypts, recomputes the HMAC and compares. No nonce is kept or drawn,
 * so nothing can repeat one; equal plaintexts give equal tokens, and every plaintext holds a queue id, so two
 * messages never share one. The MAC and cipher keys are derived from one 32-byte secret.
 *
 * <p>The key file holds one secret per line in base64 ({@code #} starts a comment): the first seals, every one
 * opens, so a secret can be replaced while reports about mail sealed with the previous one still arrive.
 */
public final class RefKeys {

    /** Bytes of tag in front of every sealed plaintext (96 bits). */
    static final int TAG = 12;
    private static final int SECRET = 32;

    private record Pair(SecretKeySpec mac, SecretKeySpec enc) {
    }

    private final List<Pair> keys;

    private RefKeys(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret");
        }
        List<Pair> out = new ArrayList<>();
        for (byte[] s : secrets) {
            if (s.length < SECRET) {
                throw new IllegalArgumentException("a secret of " + s.length + " bytes, not " + SECRET);
            }
            out.add(new Pair(new SecretKeySpec(hmac(s, "caravan ref mac"), "HmacSHA256"),
                    new SecretKeySpec(hmac(s, "caravan ref enc"), "AES")));
        }
        this.keys = List.copyOf(out);
    }

    /** Keys from these secrets (32 bytes or more each), the first sealing. */
    public static RefKeys of(byte[]... secrets) {
        return new RefKeys(Arrays.asList(secrets));
    }

    /**
     * The node's keys from {@code file}; when it does not exist, a new secret is drawn and written there (owner
     * read and write only), so a node has one from its first start. A file that cannot be read, or holds no
     * secret, stops the start with a line naming it.
     */
    public static RefKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            List<byte[]> secrets = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    secrets.add(Base64.getDecoder().decode(t));
                }
            }
            return new RefKeys(secrets);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("feedback reference key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[SECRET];
        new SecureRandom().nextBytes(secret);
        String text = "# seals the references stamped on outgoing mail (X-Caravan-Ref, VERP return paths); keep private\n"
                + Base64.getEncoder().encodeToString(secret) + "\n";
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".ref-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                // no replace: a node that started at the same moment keeps the secret it wrote first
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // the other one's secret stands
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The tag followed by the encrypted plaintext. */
    public byte[] seal(byte[] plaintext) {
        Pair k = keys.get(0);
        byte[] tag = Arrays.copyOf(mac(k, plaintext), TAG);
        byte[] ct = ctr(k, tag, plaintext);
        byte[] out = Arrays.copyOf(tag, TAG + ct.length);
        System.arraycopy(ct, 0, out, TAG, ct.length);
        return out;
    }

    /** The plaintext of a token one of the keys sealed; null for anything else. */
    public byte[] open(byte[] token) {
        if (token == null || token.length <= TAG) {
            return null;
        }
        byte[] tag = Arrays.copyOf(token, TAG);
        byte[] ct = Arrays.copyOfRange(token, TAG, token.length);
        for (Pair k : keys) {
            byte[] pt = ctr(k, tag, ct);
            if (MessageDigest.isEqual(tag, Arrays.copyOf(mac(k, pt), TAG))) {
                return pt;
            }
        }
        return null;
    }

    private static byte[] ctr(Pair k, byte[] tag, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            // the counter block: the tag, then a 32-bit block counter from 0 (plaintexts are a few blocks)
            c.init(Cipher.ENCRYPT_MODE, k.enc(), new IvParameterSpec(Arrays.copyOf(tag, 16)));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every JDK", e);
        }
    }

    private static byte[] mac(Pair k, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(k.mac());
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
