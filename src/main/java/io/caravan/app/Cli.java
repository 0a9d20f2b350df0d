package io.caravan.app;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: where configuration and data live (everything else is configuration), and the
 * {@code user} command that manages the users files, the {@code queue} command that lists and acts on a
 * running node's mail queue, and the {@code rules} command that checks and tries the reply rules.
 */
@Command(name = "caravan", mixinStandardHelpOptions = true, version = "Caravan 0.1.0",
        description = "Edge mail routing gateway.", subcommands = {UserCommand.class, QueueCommand.class, RulesCommand.class,
                QueueCommand.Drain.class, QueueCommand.Undrain.class})
public final class Cli {

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "Configuration directory (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory: broker journal, generated keys (default: ${DEFAULT-VALUE}).")
    Path data;

    public Path config() {
        return config;
    }

    public Path data() {
        return data;
    }
}
