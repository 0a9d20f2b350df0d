package io.caravan.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads a routing YAML file as a tree and collects problems with their paths and lines, so a loader can
 * report every mistake of a file at once instead of the first one. A problem's line is that of the node
 * read under its path (a mapping entry: its key's line), or of the nearest enclosing one read.
 */
public final class YamlFile {

    private final String source;
    private final JsonNode root;
    private final Yaml.Document document;
    private final List<String> problems = new ArrayList<>();
    /** The nodes read so far, by the path the loader gave them. */
    private final Map<String, JsonNode> read = new HashMap<>();
    private Map<JsonNode, String> pointers;

    private YamlFile(String source, JsonNode root, Yaml.Document document) {
        this.source = source;
        this.root = root;
        this.document = document;
    }

    public static YamlFile parse(String source, String text) {
        try {
            Yaml.Document document = Yaml.parse(text);
            JsonNode root = document.root();
            return new YamlFile(source, root == null ? MissingNode.getInstance() : root, document);
        } catch (JsonProcessingException e) {
            throw new ConfigFileException(source,
                    e.getLocation() == null ? "(file)" : "line " + e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        }
    }

    public static YamlFile read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), "(file)", "cannot read: " + e);
        }
    }

    public JsonNode root() {
        return root;
    }

    public String source() {
        return source;
    }

    public void problem(String path, String what) {
        int line = line(path);
        problems.add(path + ": " + what + (line > 0 ? " (line " + line + ")" : ""));
    }

    /** The line of the node read under {@code path} or, failing that, under the nearest shorter path; 0 if none. */
    private int line(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            JsonNode node = read.get(p);
            String pointer = node == null ? null : pointers().get(node);
            if (pointer != null) {
                return document.lines().line(pointer);
            }
            if (p.lastIndexOf('.') < 0) {
                return 0;
            }
        }
    }

    /** The JSON Pointer of every node of the tree; a node found at two places (a shared constant) has none. */
    private Map<JsonNode, String> pointers() {
        if (pointers == null) {
            pointers = new IdentityHashMap<>();
            walk(root, "");
        }
        return pointers;
    }

    private void walk(JsonNode node, String pointer) {
        if (pointers.containsKey(node)) {
            pointers.put(node, null);
            return;
        }
        pointers.put(node, pointer);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i);
            }
        }
    }

    private void remember(JsonNode node, String path) {
        if (node != null && !node.isMissingNode()) {
            read.putIfAbsent(path, node);
        }
    }

    /** Throws when any problem was recorded. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigFileException(source, problems);
        }
    }

    /** The text of a scalar, or null (recording a problem) when it is not one. */
    public String text(JsonNode node, String path) {
        remember(node, path);
        if (node == null || node.isMissingNode() || node.isNull()) {
            problem(path, "missing");
            return null;
        }
        if (!node.isValueNode()) {
            problem(path, "expected a single value");
            return null;
        }
        return node.asText();
    }

    /** The items of a list; a single scalar counts as a list of one. */
    public List<JsonNode> list(JsonNode node, String path) {
        List<JsonNode> out = new ArrayList<>();
        remember(node, path);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (node.isValueNode()) {
            out.add(node);
        } else {
            problem(path, "expected a list");
        }
        return out;
    }

    /** The fields of a mapping in file order, or none (recording a problem) when it is not one. */
    public List<Map.Entry<String, JsonNode>> fields(JsonNode node, String path) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        remember(node, path);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problem(path, "expected a mapping");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** Records a problem for every field of the mapping that is not one of the known names. */
    public void onlyKnown(JsonNode node, String path, String... known) {
        for (Map.Entry<String, JsonNode> f : fields(node, path)) {
            if (!List.of(known).contains(f.getKey())) {
                remember(f.getValue(), join(path, f.getKey()));
                problem(join(path, f.getKey()), "unknown key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
