package io.caravan.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the YAML files of the config directory ({@code providers.yaml}, {@code classes.yaml}, {@code egress.yaml},
 * {@code shaping.yaml}, {@code responses.yaml}, {@code dnsbl.yaml}, {@code dkim.yaml}, {@code feedback.yaml}), all
 * with one parser and the same settings. A file that is not YAML fails with the parser's exception, whose location
 * names the line; a check made on the tree finds the line of a node through {@link Document#lines()}.
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

    /** Reads and parses a config file; one that cannot be read or is not YAML fails naming the file. */
    public static Document read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return read(text, file.toString());
    }

    /** @param source what the problems name: the file, or a placeholder for text given directly */
    public static Document read(String text, String source) {
        try {
            return parse(text);
        } catch (JsonProcessingException e) {
            throw new ConfigFileException(source, List.of("not valid YAML: " + e.getMessage()));
        }
    }
}
