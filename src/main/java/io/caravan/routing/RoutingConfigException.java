package io.caravan.routing;

import io.caravan.config.ConfigException;
import java.util.List;

/**
 * A routing configuration file that cannot be used. The message names the file and, for each
 * problem, the path inside it and its line (e.g. {@code config/egress.yaml: regions.eu.classes.bulk.pool:
 * unknown pool "x" (line 9)}), because that line is all an operator sees before the process exits or a
 * reload is refused.
 */
public final class RoutingConfigException extends ConfigException {

    private final List<String> problems;

    public RoutingConfigException(String file, List<String> problems) {
        super(file + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public RoutingConfigException(String file, String path, String problem) {
        this(file, List.of(path + ": " + problem));
    }

    /** Each problem as "path: what is wrong (line N)", the line left out where none is known. */
    public List<String> problems() {
        return problems;
    }
}
