package io.caravan.dkim;

import io.caravan.message.Envelope;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs outgoing mail with DKIM (RFC 6376), relaxed/relaxed, with every key {@code dkim.yaml} holds for the
 * domain of the message's From (RSA-SHA256 and Ed25519-SHA256, RFC 8463). The signature fields are put in
 * front of the header section and nothing else changes, so an 8-bit body stays byte for byte what it was.
 * The routing stage calls it once per message, before the deliveries are queued, so every attempt of a
 * delivery sends the same signed bytes. A message whose From domain has no key is sent unsigned and
 * counted; one that cannot be signed (no From, a header section too long to read, a key that fails) is sent
 * unsigned too, counted as failed and logged: signing never stops mail.
 *
 * <p>Written on the JDK's own RSA, Ed25519 and SHA-256 rather than a library: Apache James jDKIM (the
 * one release served here, 0.3) signs RSA only, and Simple Java Mail's DKIM module re-encodes the body
 * through a {@code MimeMessage} into a String in the heap, which neither keeps 8-bit bodies exact nor
 * streams a spooled 50 MiB body; neither oversigns. docs/DKIM.md says more.
 */
public final class DkimSigner {

    /** Opens the body: the octets after the header section's empty line. */
    @FunctionalInterface
    public interface BodySource {
        InputStream open() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DkimSigner.class);
    private static final int FOLD = 72;

    private final Supplier<DkimKeys> keys;
    private final Clock clock;
    private final AtomicLong signed = new AtomicLong();
    private final AtomicLong unsigned = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public DkimSigner(Supplier<DkimKeys> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A signer with no keys: every message unsigned. */
    public static DkimSigner none() {
        return new DkimSigner(() -> DkimKeys.NONE, Clock.systemUTC());
    }

    /** A whole message in the heap, signed: its signature fields followed by the message as it was. */
    public byte[] sign(Envelope envelope, byte[] message) {
        HeaderSection h = HeaderSection.parse(message);
        byte[] fields = signatures(envelope, h,
                () -> new java.io.ByteArrayInputStream(message, h.end(), message.length - h.end()));
        return fields == null ? message : concat(fields, message);
    }

    /**
     * A header section (up to and including its empty line) signed, for a body that is not in the heap:
     * the signature fields followed by {@code head}. {@code body} streams the octets after it.
     */
    public byte[] signHead(Envelope envelope, byte[] head, BodySource body) {
        HeaderSection h = HeaderSection.parse(head);
        if (!h.complete() || h.end() != head.length) {
            failed.incrementAndGet();
            LOG.warn("{}: not DKIM-signed: the header section is longer than what is read of it",
                    envelope.queueId());
            return head;
        }
        byte[] fields = signatures(envelope, h, body);
        return fields == null ? head : concat(fields, head);
    }

    public long signedCount() {
        return signed.get();
    }

    public long unsignedCount() {
        return unsigned.get();
    }

    public long failedCount() {
        return failed.get();
    }

    private byte[] signatures(Envelope envelope, HeaderSection h, BodySource body) {
        DkimKeys table = keys.get();
        List<String> from = h.named("from");
        String domain = from.isEmpty() ? null : domainOf(from.get(0));
        if (domain == null) {
            if (!table.keys().isEmpty()) {
                failed.incrementAndGet();
                LOG.warn("{}: not DKIM-signed: no From address with a domain", envelope.queueId());
            } else {
                unsigned.incrementAndGet();
            }
            return null;
        }
        List<DkimKey> chosen = table.lookup(domain, envelope.authUser());
        if (chosen.isEmpty()) {
            unsigned.incrementAndGet();
            LOG.debug("{}: no DKIM key for {}", envelope.queueId(), domain);
            return null;
        }
        try {
            String bodyHash = bodyHash(body);
            List<String> hList = headerList(table, h);
            long now = clock.instant().getEpochSecond();
            StringBuilder out = new StringBuilder();
            for (DkimKey key : chosen) {
                out.append(signature(key, h, hList, bodyHash, now));
            }
            signed.incrementAndGet();
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("{}: not DKIM-signed for {}: {}", envelope.queueId(), domain, e.toString());
            return null;
        }
    }

    /** The names for h=: each configured field as often as the message has it, an oversigned one once more. */
    private static List<String> headerList(DkimKeys table, HeaderSection h) {
        Map<String, Integer> counts = new HashMap<>();
        for (String f : h.fields()) {
            counts.merge(HeaderSection.name(f), 1, Integer::sum);
        }
        List<String> names = new ArrayList<>();
        for (String name : table.headers()) {
            int n = counts.getOrDefault(name, 0) + (table.oversign().contains(name) ? 1 : 0);
            for (int i = 0; i < n; i++) {
                names.add(name);
            }
        }
        return names;
    }

    /** One DKIM-Signature field with its CRLF. */
    private static String signature(DkimKey key, HeaderSection h, List<String> names, String bodyHash, long now)
            throws GeneralSecurityException {
        StringBuilder field = new StringBuilder("DKIM-Signature: v=1; a=").append(key.algorithm())
                .append("; c=relaxed/relaxed; d=").append(key.domain()).append("; s=").append(key.selector())
                .append(";\r\n\tt=").append(now).append("; h=");
        int line = 9;
        for (int i = 0; i < names.size(); i++) {
            String n = (i == 0 ? "" : ":") + names.get(i);
            if (line + n.length() > FOLD) {
                field.append("\r\n\t ");
                line = 1;
            }
            field.append(n);
            line += n.length();
        }
        field.append(";\r\n\tbh=").append(bodyHash).append(";\r\n\tb=");

        // the fields in h= order, each time the bottom-most one not used yet (RFC 6376 §5.4.2)
        StringBuilder input = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : names) {
            List<String> all = h.named(name);
            int u = used.merge(name, 1, Integer::sum);
            if (u <= all.size()) {
                input.append(Canonical.header(all.get(all.size() - u)));
            }
        }
        String self = Canonical.header(field.toString());
        input.append(self, 0, self.length() - 2); // the signature field itself, without its CRLF
        byte[] data = input.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] sig;
        if (key.algorithm().equals(DkimKey.ED25519_SHA256)) {
            // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the canonicalised header fields
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.key());
            s.update(MessageDigest.getInstance("SHA-256").digest(data));
            sig = s.sign();
        } else {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key.key());
            s.update(data);
            sig = s.sign();
        }
        String b64 = Base64.getEncoder().encodeToString(sig);
        for (int i = 0; i < b64.length(); i += 64) {
            if (i > 0) {
                field.append("\r\n\t ");
            }
            field.append(b64, i, Math.min(b64.length(), i + 64));
        }
        return field.append("\r\n").toString();
    }

    private static String bodyHash(BodySource body) throws IOException, GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = body.open()) {
            Canonical.Body canon = new Canonical.Body(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
            in.transferTo(canon);
            canon.finish();
        }
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    /** The domain of the first address of a From field, in A-labels and lower case; null when there is none. */
    static String domainOf(String fromField) {
        String raw = fromField.substring(fromField.indexOf(':') + 1);
        // the header's octets as UTF-8 (SMTPUTF8 mail), unfolded
        String value = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                .replace("\r\n", "");
        String address;
        try {
            InternetAddress[] list = InternetAddress.parseHeader(value, false);
            address = list.length == 0 ? null : list[0].getAddress();
        } catch (AddressException e) {
            address = null;
        }
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        String d = address.substring(at + 1).strip();
        if (d.endsWith(">")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            return IDN.toASCII(d).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return d.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
