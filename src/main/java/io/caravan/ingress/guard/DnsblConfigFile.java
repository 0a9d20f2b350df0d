package io.caravan.ingress.guard;

import io.caravan.config.Yaml;
import io.caravan.ingress.policy.Cidr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.caravan.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code config/dnsbl.yaml} into {@link DnsblSettings}. Every key is optional and falls back to
 * {@link DnsblSettings#disabled()}; an unknown key is an error, so a typo does not silently switch a list off.
 * Durations are written {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}.
 */
public final class DnsblConfigFile {

    private static final List<String> KEYS = List.of("sites", "threshold", "allow", "resolver", "timeout", "cache");

    private DnsblConfigFile() {
    }

    public static DnsblSettings load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static DnsblSettings parse(InputStream yaml) throws IOException {
        JsonNode root = Yaml.parse(new String(yaml.readAllBytes(), StandardCharsets.UTF_8)).root();
        DnsblSettings base = DnsblSettings.disabled();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return base;
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key in DNSBL config: " + key);
            }
        });
        List<DnsblSite> sites = new ArrayList<>();
        for (JsonNode site : root.path("sites")) {
            sites.add(DnsblSite.parse(site.asText()));
        }
        List<Cidr> allow = base.allowList();
        if (root.has("allow")) {
            allow = new ArrayList<>();
            for (JsonNode network : root.path("allow")) {
                allow.add(Cidr.parse(network.asText()));
            }
        }
        JsonNode resolver = root.path("resolver");
        JsonNode cache = root.path("cache");
        String host = resolver.path("host").asText("");
        return new DnsblSettings(
                sites,
                root.path("threshold").asInt(base.threshold()),
                allow,
                host.isBlank() ? null : host,
                resolver.path("port").asInt(base.resolverPort()),
                duration(root.path("timeout"), base.timeout()),
                duration(cache.path("max-ttl"), base.maxCacheTtl()),
                duration(cache.path("negative-ttl"), base.negativeTtl()),
                cache.path("max-entries").asInt(base.maxCacheEntries()));
    }

    static Duration duration(JsonNode node, Duration fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        return Values.duration(node.asText());
    }
}
