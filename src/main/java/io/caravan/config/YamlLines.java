package io.caravan.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each node of a YAML document, by JSON Pointer ({@code /rules/3/match/providers/0}),
 * so a check made on the parsed tree can name the line an operator has to edit. The lines are
 * the YAML parser's own (Jackson reports SnakeYAML's marks for each token); a mapping entry has
 * its key's line.
 */
public final class YamlLines {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) {
        this.lines = Map.copyOf(lines);
    }

    /** The lines of {@code yaml}; call it on text that was parsed already, so its errors are reported there. */
    public static YamlLines of(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(yaml)) {
            while (parser.nextToken() != null) {
                lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // text that parsed as a tree parses here too; should it not, the nodes read so far keep their lines
        }
        return new YamlLines(lines);
    }

    /** The line of the node at {@code pointer}, or 0 when there is none. */
    public int line(String pointer) {
        return lines.getOrDefault(pointer, 0);
    }

    /** A JSON Pointer from mapping keys and list indexes, e.g. {@code pointer("rules", 3, "match")}. */
    public static String pointer(Object... steps) {
        StringBuilder b = new StringBuilder();
        for (Object step : steps) {
            b.append('/').append(step.toString().replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }
}
