package io.caravan.egress.shaping;

import io.caravan.config.ConfigException;

import java.util.List;

/** A shaping file that cannot be used; each problem names the section and the field. */
public class ShapingConfigException extends ConfigException {

    private final List<String> problems;

    public ShapingConfigException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
