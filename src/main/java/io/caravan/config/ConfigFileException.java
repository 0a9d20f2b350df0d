package io.caravan.config;

import java.util.List;

/** A config file that cannot be used, with every problem found in it, each naming where it is. */
public class ConfigFileException extends ConfigException {

    private final List<String> problems;

    public ConfigFileException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
