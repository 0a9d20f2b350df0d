package io.caravan.routing.provider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Mention;
import io.caravan.config.YamlFile;
import io.caravan.routing.mx.MxResolver;

/**
 * Which mailbox provider a recipient's mail goes to, from {@code providers.yaml}: the one table
 * that names providers. A provider is recognised by the host names of the MX records that receive
 * its mail (a suffix rule; the longest matching suffix wins) and by its own recipient domains
 * (exact names, e.g. {@code aol.com}).
 *
 * <p>Which comes first depends on how the next hop was found. When mail goes to the recipient
 * domain's own MX hosts, the hosts decide: thousands of domains (Google Workspace, Microsoft 365
 * tenants) are served by a provider without carrying its domain names, and whose servers receive
 * the mail is what limits and reputation are about. When the operator chose the hosts (a literal
 * {@code [192.0.2.1]}, a relay or smarthost, another domain's MX), the hosts are the operator's
 * and say nothing about the mailbox, so the recipient domain decides; a chosen host that is itself
 * a provider's still counts after it. When neither is recognised, the provider is the registered
 * domain of the first host (so two domains hosted on {@code mail.hoster.example} count as one
 * destination), or "default" if so configured.
 */
public final class ProviderRules {

    public static final String DEFAULT = "default";

    /** Second-level labels under which registries sell names ({@code example.co.uk}). */
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne", "or");

    /** Lower case, no dots: a name never equals a registered domain an unknown provider is called by. */
    private static final String NAME = "[a-z0-9][a-z0-9_-]*";
    private static final String HOST = "[a-z0-9-]+(\\.[a-z0-9-]+)+";

    private final String source;
    private final List<String> names;
    private final Map<String, String> providerBySuffix;
    private final Map<String, String> providerByDomain;
    private final boolean unknownIsMxDomain;

    private ProviderRules(String source, List<String> names, Map<String, String> providerBySuffix,
                          Map<String, String> providerByDomain, boolean unknownIsMxDomain) {
        this.source = source;
        this.names = List.copyOf(names);
        this.providerBySuffix = Map.copyOf(providerBySuffix);
        this.providerByDomain = Map.copyOf(providerByDomain);
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
        List<String> names = new ArrayList<>();
        Map<String, String> bySuffix = new HashMap<>();
        Map<String, String> byDomain = new HashMap<>();
        for (Map.Entry<String, JsonNode> provider : file.fields(root.get("providers"), "providers")) {
            String name = provider.getKey();
            String path = YamlFile.join("providers", name);
            if (!name.matches(NAME) || name.equals(DEFAULT)) {
                file.problem(path, "not a provider name (lower case letters, digits, - and _; not \"default\")");
            }
            names.add(name);
            JsonNode entry = provider.getValue();
            if (!entry.isObject()) {
                file.problem(path, "expected a mapping with mx-suffixes and domains");
                continue;
            }
            file.onlyKnown(entry, path, "mx-suffixes", "domains");
            int suffixes = hosts(file, entry.get("mx-suffixes"), path + ".mx-suffixes", name, bySuffix, "an MX suffix");
            int domains = hosts(file, entry.get("domains"), path + ".domains", name, byDomain, "a domain");
            if (suffixes + domains == 0) {
                file.problem(path, "neither mx-suffixes nor domains given");
            }
        }
        file.check();
        return new ProviderRules(file.source(), names, bySuffix, byDomain, !DEFAULT.equals(unknown));
    }

    /** Adds a list of host names to {@code into}; a name claimed by two providers is a problem. */
    private static int hosts(YamlFile file, JsonNode node, String path, String provider, Map<String, String> into,
                             String what) {
        List<JsonNode> items = file.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String host = normalise(items.get(i).asText());
            String itemPath = path + "[" + i + "]";
            if (!host.matches(HOST)) {
                file.problem(itemPath, "not a host name: \"" + items.get(i).asText() + "\"");
                continue;
            }
            String earlier = into.putIfAbsent(host, provider);
            if (earlier != null && !earlier.equals(provider)) {
                file.problem(itemPath, "\"" + host + "\" is already " + what + " of " + earlier);
            }
        }
        return items.size();
    }

    /** The file the rules were read from. */
    public String source() {
        return source;
    }

    /** Every provider name, in file order. */
    public List<String> names() {
        return names;
    }

    /**
     * Refuses every name that is not a provider of this table, naming the file and line where it
     * is written: a limit or rule for a name no provider has would never apply, and nothing else
     * would say so.
     *
     * @throws ConfigException one line with each unknown name and the known ones
     */
    public void requireKnown(List<Mention> mentions) {
        List<String> problems = new ArrayList<>();
        String file = Path.of(source).getFileName().toString();
        for (Mention m : mentions) {
            if (!names.contains(m.name())) {
                problems.add(m.where() + ": provider '" + m.name() + "' is not in " + file);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems) + " (known: " + String.join(", ", names) + ")");
        }
    }

    /**
     * The provider of mail for {@code recipientDomain} that goes to the domain's own MX hosts (in
     * preference order): the hosts first, then the domain.
     */
    public String recognizeByMx(String recipientDomain, List<String> mxHostNames) {
        String provider = byHosts(mxHostNames);
        if (provider == null) {
            provider = byDomain(recipientDomain);
        }
        return provider != null ? provider : unknown(mxHostNames);
    }

    /**
     * The provider of mail for {@code recipientDomain} that goes to hosts the operator chose (a
     * literal address, a relay or smarthost, another domain's MX): the domain first, then the hosts.
     */
    public String recognizeByDomain(String recipientDomain, List<String> hostNames) {
        String provider = byDomain(recipientDomain);
        if (provider == null) {
            provider = byHosts(hostNames);
        }
        return provider != null ? provider : unknown(hostNames);
    }

    private String byDomain(String domain) {
        return domain == null ? null : providerByDomain.get(normalise(domain));
    }

    /** The first host (in the order given) that a suffix rule claims decides. */
    private String byHosts(List<String> hostNames) {
        for (String host : hostNames) {
            String provider = match(host);
            if (provider != null) {
                return provider;
            }
        }
        return null;
    }

    private String unknown(List<String> hostNames) {
        if (!unknownIsMxDomain || hostNames.isEmpty()) {
            return DEFAULT;
        }
        return registeredDomain(normalise(hostNames.get(0)));
    }

    /** The provider a single host belongs to by the suffix rules, or null. */
    private String match(String host) {
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
