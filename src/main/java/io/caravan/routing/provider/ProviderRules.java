package io.caravan.routing.provider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.routing.YamlFile;
import io.caravan.routing.mx.MxResolver;

/**
 * Which mailbox provider a destination belongs to, decided by the host names of its MX records:
 * many domains share one provider, and what matters for throttling and reputation is whose
 * servers receive the mail. A rule is a host-name suffix; the longest matching suffix wins. The
 * first MX host (in preference order) that matches any rule decides. When none matches, the
 * provider is the registered domain of the first MX host (so two domains hosted on
 * {@code mail.hoster.example} still count as one destination), or "default" if so configured.
 */
public final class ProviderRules {

    public static final String DEFAULT = "default";

    /** Second-level labels under which registries sell names ({@code example.co.uk}). */
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne", "or");

    private final Map<String, String> providerBySuffix;
    private final boolean unknownIsMxDomain;

    public ProviderRules(Map<String, String> providerBySuffix, boolean unknownIsMxDomain) {
        this.providerBySuffix = Map.copyOf(providerBySuffix);
        this.unknownIsMxDomain = unknownIsMxDomain;
    }

    public static ProviderRules load(Path file) {
        return from(YamlFile.read(file));
    }

    public static ProviderRules parse(String source, String yaml) {
        return from(YamlFile.parse(source, yaml));
    }

    private static ProviderRules from(YamlFile file) {
        JsonNode root = file.root();
        file.onlyKnown(root, "", "unknown", "providers");
        String unknown = root.has("unknown") ? file.text(root.get("unknown"), "unknown") : "mx-domain";
        if (unknown != null && !unknown.equals("mx-domain") && !unknown.equals(DEFAULT)) {
            file.problem("unknown", "expected mx-domain or default, got \"" + unknown + "\"");
        }
        Map<String, String> bySuffix = new HashMap<>();
        for (Map.Entry<String, JsonNode> provider : file.fields(root.get("providers"), "providers")) {
            String path = YamlFile.join("providers", provider.getKey());
            List<JsonNode> suffixes = file.list(provider.getValue(), path);
            if (suffixes.isEmpty()) {
                file.problem(path, "no MX host suffix given");
            }
            for (int i = 0; i < suffixes.size(); i++) {
                String suffix = normalise(suffixes.get(i).asText());
                String itemPath = path + "[" + i + "]";
                if (!suffix.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
                    file.problem(itemPath, "not a host name suffix: \"" + suffixes.get(i).asText() + "\"");
                    continue;
                }
                String earlier = bySuffix.putIfAbsent(suffix, provider.getKey());
                if (earlier != null && !earlier.equals(provider.getKey())) {
                    file.problem(itemPath, "\"" + suffix + "\" is already a suffix of " + earlier);
                }
            }
        }
        file.check();
        return new ProviderRules(bySuffix, !DEFAULT.equals(unknown));
    }

    /** The provider of a destination, given its MX host names in preference order. */
    public String recognize(List<String> mxHostNames) {
        for (String host : mxHostNames) {
            String provider = match(normalise(host));
            if (provider != null) {
                return provider;
            }
        }
        if (!unknownIsMxDomain || mxHostNames.isEmpty()) {
            return DEFAULT;
        }
        return registeredDomain(normalise(mxHostNames.get(0)));
    }

    /** The provider a single host belongs to by the rules, or null. */
    public String match(String host) {
        // from the whole name down to shorter suffixes, so the longest matching suffix wins
        String candidate = normalise(host);
        while (true) {
            String provider = providerBySuffix.get(candidate);
            if (provider != null) {
                return provider;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /** Last two labels, or three under a known second-level label of a country TLD. */
    static String registeredDomain(String host) {
        if (MxResolver.isLiteral(host)) {
            return host;
        }
        String[] labels = host.split("\\.");
        int n = labels.length;
        if (n <= 2) {
            return host;
        }
        boolean underSecondLevel = labels[n - 1].length() == 2 && SECOND_LEVEL.contains(labels[n - 2]);
        int keep = underSecondLevel ? 3 : 2;
        return String.join(".", List.of(labels).subList(n - keep, n));
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith(".")) {
            h = h.substring(1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
