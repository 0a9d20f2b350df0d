package io.caravan.routing.classes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.YamlFile;

/**
 * Picks the traffic class of a message: transactional mail must not queue behind a newsletter,
 * and bulk mail must not spend the reputation of the IPs that carry password resets. Classes are
 * names the operator declares. First, a header ({@code X-Caravan-Class} by default) that names a
 * declared class chooses it directly, so a sending application can say what it sends; an unknown
 * name in it is ignored. Then the rules, in file order, first match wins. Otherwise the default
 * class. The header is removed before delivery ({@link HeaderFields#remove}).
 */
public final class ClassRules {

    /** The class chosen and why (for logs and the message's trace header). */
    public record Classification(String trafficClass, String reason) {
    }

    private final Set<String> classes;
    private final String defaultClass;
    private final String overrideHeader;
    private final boolean overrideRequiresAuth;
    private final List<ClassRule> rules;

    public ClassRules(Set<String> classes, String defaultClass, String overrideHeader, boolean overrideRequiresAuth,
            List<ClassRule> rules) {
        this.classes = Set.copyOf(classes);
        this.defaultClass = defaultClass;
        this.overrideHeader = overrideHeader;
        this.overrideRequiresAuth = overrideRequiresAuth;
        this.rules = List.copyOf(rules);
    }

    public static ClassRules load(Path file) {
        return from(YamlFile.read(file));
    }

    public static ClassRules parse(String source, String yaml) {
        return from(YamlFile.parse(source, yaml));
    }

    public Classification classify(ClassInput in) {
        if (overrideHeader != null && (!overrideRequiresAuth || in.authUser() != null)) {
            String named = in.headers().first(overrideHeader).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
            if (classes.contains(named)) {
                return new Classification(named, "header " + overrideHeader);
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(in)) {
                return new Classification(rules.get(i).trafficClass(), "rule " + (i + 1));
            }
        }
        return new Classification(defaultClass, "default");
    }

    public Set<String> classes() {
        return classes;
    }

    public String defaultClass() {
        return defaultClass;
    }

    /** The header to strip before delivery, or null when overrides are off. */
    public String overrideHeader() {
        return overrideHeader;
    }

    private static ClassRules from(YamlFile file) {
        JsonNode root = file.root();
        file.onlyKnown(root, "", "classes", "default", "override-header", "override-requires-auth", "rules");
        Set<String> classes = new LinkedHashSet<>();
        for (JsonNode c : file.list(root.get("classes"), "classes")) {
            classes.add(c.asText().strip().toLowerCase(Locale.ROOT));
        }
        if (classes.isEmpty()) {
            file.problem("classes", "declare at least one class");
        }
        String defaultClass = root.has("default") ? file.text(root.get("default"), "default") : "transactional";
        if (defaultClass != null && !classes.isEmpty() && !classes.contains(defaultClass.toLowerCase(Locale.ROOT))) {
            file.problem("default", "\"" + defaultClass + "\" is not a declared class");
        }
        String header = root.has("override-header") ? file.text(root.get("override-header"), "override-header")
                : "X-Caravan-Class";
        if (header != null && header.isBlank()) {
            header = null; // overrides switched off
        }
        boolean requiresAuth = root.path("override-requires-auth").asBoolean(false);
        List<ClassRule> rules = new ArrayList<>();
        List<JsonNode> ruleNodes = file.list(root.get("rules"), "rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            ClassRule rule = rule(file, ruleNodes.get(i), "rules[" + i + "]", classes);
            if (rule != null) {
                rules.add(rule);
            }
        }
        file.check();
        return new ClassRules(classes, defaultClass.toLowerCase(Locale.ROOT), header, requiresAuth, rules);
    }

    private static ClassRule rule(YamlFile file, JsonNode node, String path, Set<String> classes) {
        List<String> known = new ArrayList<>(ClassRule.conditionNames());
        known.add("class");
        file.onlyKnown(node, path, known.toArray(String[]::new));
        String cls = file.text(node.get("class"), path + ".class");
        if (cls != null && !classes.contains(cls.toLowerCase(Locale.ROOT))) {
            file.problem(path + ".class", "\"" + cls + "\" is not a declared class");
        }
        Map<String, Set<String>> headerValues = new HashMap<>();
        for (Map.Entry<String, JsonNode> h : file.fields(node.get("header"), path + ".header")) {
            Set<String> values = new HashSet<>();
            file.list(h.getValue(), path + ".header." + h.getKey())
                    .forEach(v -> values.add(v.asText().strip().toLowerCase(Locale.ROOT)));
            headerValues.put(h.getKey(), values);
        }
        Boolean autoSubmitted = null;
        if (node.has("auto-submitted")) {
            if (!node.get("auto-submitted").isBoolean()) {
                file.problem(path + ".auto-submitted", "expected true or false");
            }
            autoSubmitted = node.get("auto-submitted").asBoolean();
        }
        ClassRule rule = new ClassRule(cls == null ? "" : cls.toLowerCase(Locale.ROOT),
                texts(file, node, path, "sender"), texts(file, node, path, "sender-domain"),
                texts(file, node, path, "auth-user"), texts(file, node, path, "recipient-domain"),
                headerValues, texts(file, node, path, "header-present"), autoSubmitted);
        boolean noCondition = rule.senders().isEmpty() && rule.senderDomains().isEmpty() && rule.authUsers().isEmpty()
                && rule.recipientDomains().isEmpty() && headerValues.isEmpty() && rule.headersPresent().isEmpty()
                && autoSubmitted == null;
        if (noCondition) {
            file.problem(path, "a rule needs at least one condition (use default: for the catch-all)");
        }
        return cls == null ? null : rule;
    }

    private static Set<String> texts(YamlFile file, JsonNode node, String path, String key) {
        Set<String> out = new HashSet<>();
        file.list(node.get(key), path + "." + key).forEach(v -> out.add(v.asText()));
        return out;
    }
}
