package io.caravan.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.message.Json;
import io.caravan.queue.ConsoleClient;
import io.caravan.queue.QueueListing;
import io.caravan.queue.QueueOperations;
import io.caravan.queue.SuppressionOperations;
import io.caravan.queue.QueuedMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code caravan queue list|delete|hold|release}: the mail queue of a running node, through its console's
 * Jolokia (the node's own login and roles decide who may do what), like Postfix's postqueue and postsuper.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "List and act on the queued mail of a running node, through its console.",
        subcommands = {QueueCommand.ListMessages.class, QueueCommand.Delete.class, QueueCommand.Hold.class,
                QueueCommand.Release.class, QueueCommand.ListSuppressions.class, QueueCommand.Suppress.class,
                QueueCommand.Unsuppress.class})
public final class QueueCommand {

    /** The options every queue command shares: where the node's console is and who asks. */
    static final class Connection {
        @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
                description = "Configuration directory whose caravan.properties names the console "
                        + "(default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--user", paramLabel = "NAME", description = "A console user (config/console-users).")
        String user;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        ConsoleClient client() throws IOException, ConsoleClient.Refused {
            Settings settings;
            try {
                settings = Settings.load(config, Path.of("data"));
            } catch (ConfigException e) {
                throw new ConsoleClient.Refused(e.getMessage());
            }
            if (!settings.flag(Key.CONSOLE_ENABLED)) {
                throw new ConsoleClient.Refused("caravan.console.enabled=false: the node has no console to ask");
            }
            String bind = settings.text(Key.CONSOLE_BIND);
            // a wildcard bind answers on loopback too, and the console counts every local address as its own
            String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
            return new ConsoleClient(host, settings.integer(Key.CONSOLE_PORT), user, user == null ? null : password());
        }

        private String password() throws IOException, ConsoleClient.Refused {
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            }
            java.io.Console terminal = System.console();
            if (terminal == null) {
                throw new ConsoleClient.Refused("no terminal to read the password from; use --password-stdin");
            }
            char[] password = terminal.readPassword("password for %s: ", user);
            return password == null ? "" : new String(password);
        }
    }

    /** The shape of every queue command: call the console, print, and turn a refusal into one line and exit 2. */
    abstract static class QueueCall implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        abstract int run(ConsoleClient console) throws Exception;

        @Override
        public Integer call() throws Exception {
            try {
                return run(connection.client());
            } catch (ConsoleClient.Refused | IllegalArgumentException e) {
                spec.commandLine().getErr().println("caravan: queue " + spec.name() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every queued message: stage, age, attempts, sender, recipients, last reply.")
    static final class ListMessages extends QueueCall {
        @Option(names = "--json", description = "JSON instead of a table.")
        boolean json;

        @Override
        int run(ConsoleClient console) throws Exception {
            List<String> queues = QueueOperations.queues();
            List<JsonNode> answers = console.call(QueueOperations.list());
            List<QueuedMessage> messages = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                // each answer is a JSON array in a string: the properties of each message
                List<Map<String, Object>> listed = Json.MAPPER.readValue(answers.get(i).asText("[]"),
                        new TypeReference<>() { });
                for (Map<String, Object> properties : listed) {
                    messages.add(QueuedMessage.from(queues.get(i / 2), properties));
                }
            }
            Instant now = Instant.now();
            spec.commandLine().getOut().print(json ? QueueListing.json(messages, now)
                    : QueueListing.table(messages, now));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** A command on one message by queue id, counting what the broker did across the queues. */
    abstract static class OnOneMessage extends QueueCall {
        @Parameters(paramLabel = "ID", description = "The queue id (as in queue list and the mail log).")
        String queueId;

        abstract List<Map<String, Object>> requests(String id);

        abstract String done();

        @Override
        int run(ConsoleClient console) throws Exception {
            long count = console.call(requests(queueId)).stream().mapToLong(JsonNode::asLong).sum();
            if (count == 0) {
                spec.commandLine().getErr().println("caravan: queue " + spec.name() + ": no message " + queueId
                        + (spec.name().equals("release") ? " is held" : " is queued"));
                return 1;
            }
            spec.commandLine().getOut().println("caravan: " + queueId + ": " + done()
                    + (count > 1 ? " (" + count + " deliveries)" : ""));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a message from whichever queue holds it (operator role). Nothing is bounced.")
    static final class Delete extends OnOneMessage {
        List<Map<String, Object>> requests(String id) {
            return QueueOperations.delete(id);
        }

        String done() {
            return "deleted";
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Move a message to its stage's hold queue, where no stage takes it (operator role).")
    static final class Hold extends OnOneMessage {
        List<Map<String, Object>> requests(String id) {
            return QueueOperations.hold(id);
        }

        String done() {
            return "held";
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Move a held message back to its stage's queue (operator role).")
    static final class Release extends OnOneMessage {
        List<Map<String, Object>> requests(String id) {
            return QueueOperations.release(id);
        }

        String done() {
            return "released";
        }
    }

    @Command(name = "suppressions", mixinStandardHelpOptions = true,
            description = "The region's suppressed recipients: scope, recipient, reason, since, until, detail.")
    static final class ListSuppressions extends QueueCall {
        @Parameters(paramLabel = "FILTER", arity = "0..1", description = "Only entries whose scope or recipient "
                + "contains this.")
        String filter;

        @Override
        int run(ConsoleClient console) throws Exception {
            JsonNode entries = console.call(List.of(SuppressionOperations.entries())).get(0);
            String f = filter == null ? "" : filter.toLowerCase(java.util.Locale.ROOT);
            var out = spec.commandLine().getOut();
            out.println("SCOPE\tRECIPIENT\tREASON\tSINCE\tUNTIL\tDETAIL");
            for (JsonNode e : entries) {
                String line = e.asText();
                String[] cols = line.split("\t", -1);
                if (f.isEmpty() || cols[0].toLowerCase(java.util.Locale.ROOT).contains(f)
                        || (cols.length > 1 && cols[1].toLowerCase(java.util.Locale.ROOT).contains(f))) {
                    out.println(line);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "suppress", mixinStandardHelpOptions = true,
            description = "Suppress a recipient for a scope in the whole region (operator role): relayed mail to it "
                    + "is refused at RCPT and queued mail bounces.")
    static final class Suppress extends QueueCall {
        @Parameters(index = "0", paramLabel = "SCOPE", description = "domain:NAME, tenant:USER or *.")
        String scope;

        @Parameters(index = "1", paramLabel = "RECIPIENT", description = "The address.")
        String recipient;

        @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "",
                description = "How long, e.g. 90d; default: until lifted.")
        String expires;

        @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "Why, for the listing.")
        String note;

        @Override
        int run(ConsoleClient console) throws Exception {
            spec.commandLine().getOut().println("caravan: " + console.call(List.of(
                    SuppressionOperations.suppress(scope, recipient, expires, note))).get(0).asText());
            return 0;
        }
    }

    @Command(name = "unsuppress", mixinStandardHelpOptions = true,
            description = "Lift a suppression in the whole region (operator role).")
    static final class Unsuppress extends QueueCall {
        @Parameters(index = "0", paramLabel = "SCOPE", description = "As listed by queue suppressions.")
        String scope;

        @Parameters(index = "1", paramLabel = "RECIPIENT", description = "The address.")
        String recipient;

        @Override
        int run(ConsoleClient console) throws Exception {
            String answer = console.call(List.of(SuppressionOperations.unsuppress(scope, recipient))).get(0).asText();
            spec.commandLine().getOut().println("caravan: " + answer);
            return answer.contains(" was not suppressed ") ? 1 : 0;
        }
    }
}
