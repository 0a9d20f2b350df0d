package io.caravan.egress.tls;

import io.caravan.config.ConfigTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS level per next-hop domain, as a Postfix-style table ({@code smtp_tls_policy_maps}):
 * one "domain level" per line, '#' comments. "example.com" matches that domain only;
 * ".example.com" matches its subdomains. The most specific entry wins; otherwise the default
 * level applies (Postfix's smtp_tls_security_level, "may" by default).
 */
public final class TlsPolicyMap {

    private final Map<String, TlsPolicy> exact;
    private final Map<String, TlsPolicy> parents;
    private final TlsPolicy fallback;

    private TlsPolicyMap(Map<String, TlsPolicy> exact, Map<String, TlsPolicy> parents, TlsPolicy fallback) {
        this.exact = Map.copyOf(exact);
        this.parents = Map.copyOf(parents);
        this.fallback = fallback;
    }

    public static TlsPolicyMap parse(List<String> lines, TlsPolicy fallback) {
        Map<String, TlsPolicy> exact = new HashMap<>();
        Map<String, TlsPolicy> parents = new HashMap<>();
        for (ConfigTable.Line entry : ConfigTable.lines(lines)) {
            int number = entry.number();
            String raw = entry.text();
            String[] parts = raw.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("TLS policy line " + number + ": expected 'domain level': " + raw);
            }
            TlsPolicy level;
            try {
                level = TlsPolicy.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TLS policy line " + number + ": unknown level " + parts[1]
                        + " (none, may, encrypt, verify, dane)");
            }
            String domain = normalize(parts[0]);
            if (domain.startsWith(".")) {
                parents.put(domain.substring(1), level);
            } else {
                exact.put(domain, level);
            }
        }
        return new TlsPolicyMap(exact, parents, fallback);
    }

    public static TlsPolicyMap load(Path file, TlsPolicy fallback) {
        if (!Files.exists(file)) {
            return new TlsPolicyMap(Map.of(), Map.of(), fallback);
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS policy table " + file, e);
        }
    }

    public TlsPolicy levelFor(String domain) {
        String d = normalize(domain);
        TlsPolicy found = exact.get(d);
        if (found != null) {
            return found;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            found = parents.get(d.substring(dot + 1));
            if (found != null) {
                return found;
            }
        }
        return fallback;
    }

    /** Whether an entry of the table covers the domain, so the operator, not the default, chose its level. */
    public boolean lists(String domain) {
        String d = normalize(domain);
        if (exact.containsKey(d)) {
            return true;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            if (parents.containsKey(d.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
