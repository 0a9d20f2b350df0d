package io.caravan.egress.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigFileException;
import io.caravan.config.Mention;
import io.caravan.config.Yaml;
import io.caravan.config.YamlLines;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code config/shaping.yaml}: {@code defaults}, {@code providers} (provider name from
 * {@code providers.yaml} → limits) and {@code domains} (domain → limits). Every problem
 * is reported at once with its section and field; a file with problems is refused.
 */
public final class ShapingLoader {

    private static final Set<String> LIMITS = Set.of("max_connections", "max_connections_per_source",
            "message_rate", "connection_rate", "max_messages_per_connection");

    private final List<String> problems = new ArrayList<>();
    private final String source;
    private final YamlLines lines;

    private ShapingLoader(String source, YamlLines lines) {
        this.source = source;
        this.lines = lines;
    }

    public static ShapingRules load(Path file) {
        return checked(Yaml.read(file), file.toString());
    }

    public static ShapingRules parse(String yaml) {
        return checked(Yaml.read(yaml, "<yaml>"), "<yaml>");
    }

    private static ShapingRules checked(Yaml.Document document, String source) {
        JsonNode root = document.root();
        if (root == null || !root.isObject()) {
            throw new ConfigFileException(source, List.of("top level must be a mapping"));
        }
        ShapingLoader loader = new ShapingLoader(source, document.lines());
        ShapingRules rules = loader.read(root);
        if (!loader.problems.isEmpty()) {
            throw new ConfigFileException(source, loader.problems);
        }
        return rules;
    }

    private ShapingRules read(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("defaults", "providers", "domains").contains(f)) problems.add("field '" + f + "': unknown section");
        }
        ShapingSpec defaults = ShapingSpec.defaults();
        if (root.has("defaults")) {
            ShapingOverride o = limits(root.get("defaults"), "defaults", Set.of());
            try {
                defaults = o.over(defaults);
            } catch (IllegalArgumentException e) {
                problems.add("defaults: " + e.getMessage());
            }
        }
        List<ProviderShaping> providers = new ArrayList<>();
        List<Mention> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : entries(root.path("providers"), "providers")) {
            String where = "providers." + p.getKey();
            if (p.getValue().has("mx_suffixes")) {
                problems.add(where + ": field 'mx_suffixes': providers are recognised in providers.yaml only");
            }
            String name = p.getKey().toLowerCase(Locale.ROOT);
            providers.add(new ProviderShaping(name, limits(p.getValue(), where, Set.of("mx_suffixes"))));
            names.add(new Mention(name, source, lines.line(YamlLines.pointer("providers", p.getKey()))));
        }
        Map<String, ShapingOverride> domains = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> d : entries(root.path("domains"), "domains")) {
            domains.put(ShapingRules.normalise(d.getKey()), limits(d.getValue(), "domains." + d.getKey(), Set.of()));
        }
        return new ShapingRules(defaults, providers, domains, names);
    }

    private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String section) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return out;
        if (!node.isObject()) {
            problems.add(section + ": must be a mapping of name to settings");
            return out;
        }
        node.fields().forEachRemaining(out::add);
        return out;
    }

    private ShapingOverride limits(JsonNode node, String where, Set<String> extra) {
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping");
            return ShapingOverride.none();
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!LIMITS.contains(f) && !extra.contains(f)) problems.add(where + ": field '" + f + "': unknown field");
        }
        return new ShapingOverride(count(node, where, "max_connections"), count(node, where, "max_connections_per_source"),
                rate(node, where, "message_rate"), rate(node, where, "connection_rate"),
                count(node, where, "max_messages_per_connection"));
    }

    private Integer count(JsonNode node, String where, String field) {
        if (!node.has(field)) return null;
        JsonNode v = node.get(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            problems.add(where + ": field '" + field + "': must be a whole number of at least 1");
            return null;
        }
        return v.asInt();
    }

    private ShapingOverride.RateSetting rate(JsonNode node, String where, String field) {
        if (!node.has(field)) return null;
        String text = node.get(field).asText();
        if (text.equalsIgnoreCase("unlimited")) return new ShapingOverride.RateSetting(null);
        try {
            return new ShapingOverride.RateSetting(Rate.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": field '" + field + "': " + e.getMessage());
            return null;
        }
    }
}
