package io.caravan.dkim;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code config/dkim.yaml}: the signing keys per sender domain (and per tenant), the header fields to sign
 * and those to oversign. A missing file means no keys: every message leaves unsigned, and is counted so.
 *
 * <pre>
 * headers: [from, to, subject, date, message-id]   # signed when present
 * oversign: [from]                                  # listed once more than present: none can be added
 * keys:
 *   - domain: example.org
 *     selector: s2026a
 *     key: dkim/example.org.s2026a.pem              # PEM, relative to the config directory
 *   - domain: example.org
 *     tenant: alice                                 # only for mail alice submitted
 *     selector: alice1
 *     key: dkim/alice.pem
 * </pre>
 */
public record DkimKeys(List<String> headers, List<String> oversign, List<DkimKey> keys) {

    public static final List<String> DEFAULT_HEADERS = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
            "list-id", "list-unsubscribe", "list-unsubscribe-post", "feedback-id", "x-caravan-ref");
    public static final List<String> DEFAULT_OVERSIGN = List.of("from");
    public static final DkimKeys NONE = new DkimKeys(DEFAULT_HEADERS, DEFAULT_OVERSIGN, List.of());


    public DkimKeys {
        headers = List.copyOf(headers);
        oversign = List.copyOf(oversign);
        keys = List.copyOf(keys);
        if (!headers.contains("from")) {
            throw new IllegalArgumentException("headers must contain from (RFC 6376 §5.4)");
        }
    }

    /**
     * The keys that sign a message whose From is in {@code fromDomain}, sent by {@code tenant} (null when
     * not authenticated): those of the tenant for the domain or its closest parent, else those for every
     * sender of the domain or its closest parent. Several keys of one domain all sign (e.g. RSA and Ed25519).
     */
    public List<DkimKey> lookup(String fromDomain, String tenant) {
        String d = fromDomain.toLowerCase(Locale.ROOT);
        while (true) {
            List<DkimKey> forTenant = new ArrayList<>();
            List<DkimKey> forAll = new ArrayList<>();
            for (DkimKey k : keys) {
                if (k.domain().equals(d)) {
                    if (k.tenant() == null) {
                        forAll.add(k);
                    } else if (k.tenant().equals(tenant)) {
                        forTenant.add(k);
                    }
                }
            }
            if (!forTenant.isEmpty()) {
                return forTenant;
            }
            if (!forAll.isEmpty()) {
                return forAll;
            }
            int dot = d.indexOf('.');
            if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
                return List.of(); // never up to a top-level domain
            }
            d = d.substring(dot + 1);
        }
    }

    /** Reads the file; key paths are resolved against {@code configDir}. Every fault names the file. */
    public static DkimKeys load(Path file, Path configDir) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e);
        }
        try {
            JsonNode root = Yaml.parse(text).root();
            if (root == null || root.isMissingNode() || root.isNull()) {
                return NONE;
            }
            List<String> headers = names(root.path("headers"), DEFAULT_HEADERS);
            List<String> oversign = names(root.path("oversign"), DEFAULT_OVERSIGN);
            List<DkimKey> keys = new ArrayList<>();
            int i = 0;
            for (JsonNode k : root.path("keys")) {
                keys.add(key(k, i++, configDir));
            }
            return new DkimKeys(headers, oversign, keys);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static DkimKey key(JsonNode k, int index, Path configDir) throws IOException {
        String domain = text(k, "domain", index).toLowerCase(Locale.ROOT);
        String selector = text(k, "selector", index);
        Path keyFile = configDir.resolve(text(k, "key", index));
        String tenant = k.hasNonNull("tenant") ? k.get("tenant").asText() : null;
        java.security.PrivateKey key = DkimKey.readPem(keyFile);
        String algorithm;
        try {
            algorithm = DkimKey.algorithmOf(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keys[" + index + "] " + keyFile + ": " + e.getMessage());
        }
        return new DkimKey(domain, selector, tenant, algorithm, key);
    }

    private static String text(JsonNode k, String field, int index) {
        JsonNode v = k.get(field);
        if (v == null || v.asText().isBlank()) {
            throw new IllegalArgumentException("keys[" + index + "] has no " + field);
        }
        return v.asText().strip();
    }

    private static List<String> names(JsonNode node, List<String> fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.asText().strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
