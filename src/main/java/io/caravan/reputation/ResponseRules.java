package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigFileException;
import io.caravan.config.Mention;
import io.caravan.config.Yaml;
import io.caravan.config.YamlLines;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ordered list of response rules, loaded from YAML ({@code config/responses.yaml}).
 * The first rule that matches a reply decides; provider rules are asked before generic
 * ones ({@link #ordered()}), and a generic rule suspends for no longer than the file's
 * {@code generic.max_duration} ({@link LayerCheck}). Loading checks every rule and reports all problems at
 * once, each naming the rule and the field, so an operator fixes the file in
 * one pass; a file with any problem is refused as a whole.
 *
 * @param providerNames where each provider name of a {@code match.providers} is written, for the
 *                      start-up check against providers.yaml
 */
public record ResponseRules(List<ResponseRule> rules, List<Mention> providerNames) {

    public ResponseRules {
        rules = List.copyOf(rules);
        providerNames = List.copyOf(providerNames);
    }

    /** The rules in the order they are asked: provider rules, then generic ones, each in file order. */
    public List<ResponseRule> ordered() {
        List<ResponseRule> out = new ArrayList<>(layer(Layer.PROVIDER));
        out.addAll(layer(Layer.GENERIC));
        return out;
    }

    public static ResponseRules load(Path file) {
        return checked(Yaml.read(file), file.toString());
    }

    public static ResponseRules parse(String yaml) {
        return parse(yaml, "<yaml>");
    }

    /** @param source what the problems and provider mentions name */
    public static ResponseRules parse(String yaml, String source) {
        return checked(Yaml.read(yaml, source), source);
    }

    private static ResponseRules checked(Yaml.Document document, String source) {
        JsonNode root = document.root();
        List<String> problems = new ArrayList<>();
        if (root == null || !root.path("rules").isArray()) {
            throw new ConfigFileException(source, List.of("top level must have a 'rules' list"));
        }
        List<ResponseRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            RuleReader reader = new RuleReader(node, index);
            ResponseRule rule = reader.read();
            String name = node.path("name").asText("").trim();
            if (!name.isEmpty() && !names.add(name)) {
                reader.problems().add("rule '" + name + "': field 'name': duplicate name");
            }
            problems.addAll(reader.problems());
            if (reader.problems().isEmpty()) {
                rules.add(rule);
            }
        }
        java.time.Duration cap = LayerCheck.cap(root.path("generic"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigFileException(source, problems);
        }
        return new ResponseRules(LayerCheck.capped(rules, cap),
                providerNames(root.get("rules"), source, document.lines()));
    }

    /** The rules of one layer, in file order. */
    public List<ResponseRule> layer(Layer layer) {
        return rules.stream().filter(r -> r.layer() == layer).toList();
    }

    /** The rule of that name, if the file has one. */
    public java.util.Optional<ResponseRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Each name under a rule's {@code match.providers} (a name or a list of names), with its line. */
    private static List<Mention> providerNames(JsonNode rules, String source, YamlLines lines) {
        List<Mention> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode providers = rules.get(i).path("match").path("providers");
            if (providers.isTextual()) {
                out.add(mention(providers, source, lines.line(YamlLines.pointer("rules", i, "match", "providers"))));
            }
            for (int j = 0; providers.isArray() && j < providers.size(); j++) {
                out.add(mention(providers.get(j), source,
                        lines.line(YamlLines.pointer("rules", i, "match", "providers", j))));
            }
        }
        return out;
    }

    /** The name as {@link RuleReader} reads it for matching. */
    private static Mention mention(JsonNode name, String source, int line) {
        return new Mention(name.asText().trim().toLowerCase(Locale.ROOT), source, line);
    }
}
