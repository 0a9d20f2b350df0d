package io.caravan.feedback;

import io.caravan.message.Envelope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VERP return path egress gives a message: {@code bounces+REF@DOMAIN}, where REF is the queue id and the name
 * of the egress source the attempt leaves from, sealed with the node's {@link RefKeys} (so it is opaque and cannot
 * be made up), in lower-case base32 (a receiver that folds the case of a local part keeps it). An asynchronous
 * bounce is sent to it, so a DSN finds its message and source even when it returns no headers, and even after
 * the receiver forwarded the message elsewhere (the bounce of the forward goes to the same return path).
 *
 * <p>The queue id is packed into 17 bytes and the source is 4 bytes of a hash of its name (matched against the
 * region's source names when read), so with the 12-byte tag the local part is 8 + 55 characters: within the 64
 * that RFC 5321 asks every server to take.
 *
 * @param queueId    the message's queue id
 * @param sourceHash the first 4 bytes of the SHA-256 of the source's name
 */
public record ReturnPath(String queueId, int sourceHash) {

    public static final String LOCAL_PREFIX = "bounces+";
    private static final byte PACKED = 'V';
    private static final byte PLAIN = 'v';
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Pattern FOUND = Pattern.compile("(?i)" + Pattern.quote(LOCAL_PREFIX) + "([a-z2-7]{20,})@");

    /** The return path for an attempt of this message from this source; null for the null sender. */
    public static String address(Envelope envelope, String source, String domain, RefKeys keys) {
        if (envelope.nullSender()) {
            return null;
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] packed = pack(envelope.queueId());
        if (packed != null) {
            plain.write(PACKED);
            plain.writeBytes(packed);
        } else {
            plain.write(PLAIN);
            plain.writeBytes(envelope.queueId().getBytes(StandardCharsets.UTF_8));
        }
        int h = hash(source);
        plain.writeBytes(new byte[] {(byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h});
        return LOCAL_PREFIX + base32(keys.seal(plain.toByteArray())) + "@" + domain;
    }

    /** The first return path of ours in the text (an address, a header field's value) that opens; else null. */
    public static ReturnPath find(String text, RefKeys keys) {
        if (text == null || keys == null) {
            return null;
        }
        Matcher m = FOUND.matcher(text);
        while (m.find()) {
            byte[] token = unbase32(m.group(1).toLowerCase(Locale.ROOT));
            byte[] plain = token == null ? null : keys.open(token);
            if (plain == null || plain.length < 6) {
                continue;
            }
            byte[] id = java.util.Arrays.copyOfRange(plain, 1, plain.length - 4);
            String queueId = plain[0] == PACKED ? unpack(id) : plain[0] == PLAIN ? new String(id, StandardCharsets.UTF_8)
                    : null;
            if (queueId == null) {
                continue;
            }
            int n = plain.length;
            int h = (plain[n - 4] & 0xff) << 24 | (plain[n - 3] & 0xff) << 16 | (plain[n - 2] & 0xff) << 8
                    | (plain[n - 1] & 0xff);
            return new ReturnPath(queueId, h);
        }
        return null;
    }

    /** The source among these names the return path was made for, or "unknown". */
    public String source(Collection<String> names) {
        for (String name : names) {
            if (hash(name) == sourceHash) {
                return name;
            }
        }
        return "unknown";
    }

    static int hash(String source) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A queue id of 26 Crockford base32 characters as 17 bytes (130 bits, right-aligned); null for another form. */
    static byte[] pack(String id) {
        if (id.length() != 26) {
            return null;
        }
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        for (int i = 0; i < id.length(); i++) {
            int d = CROCKFORD.indexOf(id.charAt(i));
            if (d < 0) {
                return null;
            }
            v = v.shiftLeft(5).or(java.math.BigInteger.valueOf(d));
        }
        byte[] raw = v.toByteArray();
        byte[] out = new byte[17];
        int len = Math.min(raw.length, 17);
        System.arraycopy(raw, raw.length - len, out, 17 - len, len);
        return out;
    }

    static String unpack(byte[] packed) {
        if (packed.length != 17) {
            return null;
        }
        java.math.BigInteger v = new java.math.BigInteger(1, packed);
        if (v.bitLength() > 130) {
            return null;
        }
        char[] out = new char[26];
        for (int i = 25; i >= 0; i--) {
            out[i] = CROCKFORD.charAt(v.intValue() & 31);
            v = v.shiftRight(5);
        }
        return new String(out);
    }

    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt(buffer >>> (bits - 5) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt(buffer << (5 - bits) & 31));
        }
        return out.toString();
    }

    static byte[] unbase32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int d = BASE32.indexOf(text.charAt(i));
            if (d < 0) {
                return null;
            }
            buffer = buffer << 5 | d;
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >>> (bits - 8) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
