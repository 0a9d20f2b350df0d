package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered list of response rules, loaded from YAML ({@code config/responses.yaml}).
 * The first rule that matches a reply decides, so provider-specific rules come
 * before generic ones. Loading checks every rule and reports all problems at
 * once, each naming the rule and the field, so an operator fixes the file in
 * one pass; a file with any problem is refused as a whole.
 */
public record ResponseRules(List<ResponseRule> rules) {

    public ResponseRules {
        rules = List.copyOf(rules);
    }

    public static ResponseRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new RuleConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    public static ResponseRules parse(String yaml) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "<yaml>");
    }

    public static ResponseRules parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new RuleConfigException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.path("rules").isArray()) {
            throw new RuleConfigException(source, List.of("top level must have a 'rules' list"));
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
        if (!problems.isEmpty()) {
            throw new RuleConfigException(source, problems);
        }
        return new ResponseRules(rules);
    }
}
