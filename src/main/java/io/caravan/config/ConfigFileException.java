package io.caravan.config;

import java.util.List;

/**
 * A config file that cannot be used, with every problem found in it, each naming where it is (e.g.
 * {@code config/egress.yaml: regions.eu.classes.bulk.pool: unknown pool "x" (line 9)}), because that line is all an
 * operator sees before the process exits or a reload is refused.
 */
public class ConfigFileException extends ConfigException {

    private final List<String> problems;

    public ConfigFileException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigFileException(String source, String path, String problem) {
        this(source, List.of(path + ": " + problem));
    }

    /** Each problem as "where: what is wrong", with its line where one is known. */
    public List<String> problems() {
        return problems;
    }
}
