package io.caravan.reputation;

import io.caravan.config.ConfigException;

import java.util.List;

/** A response rule file that cannot be used; each problem names the rule and the field. */
public class RuleConfigException extends ConfigException {

    private final List<String> problems;

    public RuleConfigException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
