package io.caravan.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads the YAML files of the config directory ({@code providers.yaml}, {@code classes.yaml}, {@code egress.yaml},
 * {@code shaping.yaml}, {@code responses.yaml}, {@code dnsbl.yaml}), all with one parser and the same settings. A
 * file that is not YAML fails with the parser's exception, whose location names the line; a check made on the tree
 * finds the line of a node through {@link Document#lines()}.
 */
public final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    /** A parsed file: its tree as the parser gives it (null or missing when empty) and its text. */
    public static final class Document {

        private final JsonNode root;
        private final String text;
        private YamlLines lines;

        private Document(JsonNode root, String text) {
            this.root = root;
            this.text = text;
        }

        public JsonNode root() {
            return root;
        }

        /** The line of each node, read on first use. */
        public synchronized YamlLines lines() {
            if (lines == null) {
                lines = YamlLines.of(text);
            }
            return lines;
        }
    }

    /** @throws JsonProcessingException when {@code text} is not YAML; {@code getLocation()} has the line */
    public static Document parse(String text) throws JsonProcessingException {
        return new Document(MAPPER.readTree(text), text);
    }
}
