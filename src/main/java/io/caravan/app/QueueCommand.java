package io.caravan.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.message.Json;
import io.caravan.queue.ConsoleClient;
import io.caravan.queue.HeaderSection;
import io.caravan.config.Values;
import io.caravan.queue.MessageDetail;
import io.caravan.queue.QueueFilter;
import io.caravan.queue.QueueListing;
import io.caravan.queue.QueueSummary;
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
import java.util.LinkedHashMap;
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
 * {@code caravan queue ...}: the mail queue of a running node, through its console's Jolokia (the node's own
 * login and roles decide who may do what), like Postfix's postqueue, postsuper and qshape; and the node's
 * service state (drain) and its sources' standing (suspend, resume), which decide what leaves the queue.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "List and act on the queued mail of a running node, through its console.",
        subcommands = {QueueCommand.ListMessages.class, QueueCommand.Show.class, QueueCommand.Summary.class,
                QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class,
                QueueCommand.Flush.class, QueueCommand.Bounce.class, QueueCommand.Suspend.class,
                QueueCommand.Resume.class, QueueCommand.Drain.class, QueueCommand.Undrain.class,
                QueueCommand.ListSuppressions.class, QueueCommand.Suppress.class, QueueCommand.Unsuppress.class})
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

    /** The queues to ask and every message on them, as the broker lists them now. */
    static List<QueuedMessage> listAll(ConsoleClient console, List<String> queues) throws Exception {
        List<JsonNode> answers = console.call(QueueOperations.list(queues));
        List<QueuedMessage> messages = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            // each answer is a JSON array in a string: the properties of each message
            messages.addAll(QueuedMessage.fromListing(queues.get(i / 2), answers.get(i).asText("[]")));
        }
        return messages;
    }

    static List<String> queues(ConsoleClient console) throws Exception {
        return QueueOperations.queues(console.call(QueueOperations.search()));
    }

    /** The options that select messages by what they are, not by id. */
    static final class Selection {
        @Option(names = "--destination", paramLabel = "DEST",
                description = "Only mail for this destination (a provider, or a next hop; - for mail not routed yet).")
        String destination;

        @Option(names = "--sender", paramLabel = "TEXT",
                description = "Only mail whose envelope sender contains TEXT (<> for the null sender).")
        String sender;

        @Option(names = "--older-than", paramLabel = "AGE",
                description = "Only mail at least this old, e.g. 30m, 2h, 1d.")
        String olderThan;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only mail in this state: ready, deferred, held.")
        String state;

        QueueFilter filter() {
            return new QueueFilter(destination, sender, olderThan == null ? null : Values.duration(olderThan),
                    state == null ? null : QueueFilter.state(state));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Queued messages: stage, state, age, destination, attempts, sender, recipients, last reply.")
    static final class ListMessages extends QueueCall {
        @Option(names = "--json", description = "JSON instead of a table.")
        boolean json;

        @Mixin
        Selection selection;

        @Override
        int run(ConsoleClient console) throws Exception {
            QueueFilter filter = selection.filter();
            Instant now = Instant.now();
            List<QueuedMessage> messages = listAll(console, queues(console)).stream().filter(filter.at(now)).toList();
            spec.commandLine().getOut().print(json ? QueueListing.json(messages, now)
                    : QueueListing.table(messages, now));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One message: its envelope, route, attempts, each reply and (operator role) its header"
                    + " fields, per copy queued.")
    static final class Show extends QueueCall {
        @Parameters(paramLabel = "ID", description = "The queue id (as in queue list and the mail log).")
        String queueId;

        @Option(names = "--json", description = "JSON instead of text.")
        boolean json;

        @Override
        int run(ConsoleClient console) throws Exception {
            QueueOperations.filter(queueId); // refuses what is no queue id before anything is sent
            List<String> queues = queues(console);
            List<JsonNode> answers = console.call(QueueOperations.list(queues));
            List<MessageDetail> copies = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                List<Map<String, Object>> listed = Json.MAPPER.readValue(answers.get(i).asText("[]"),
                        new TypeReference<>() { });
                for (Map<String, Object> properties : listed) {
                    if (queueId.equals(String.valueOf(properties.get(io.caravan.message.Headers.QUEUE_ID)))) {
                        copies.add(MessageDetail.from(queues.get(i / 2), properties));
                    }
                }
            }
            if (copies.isEmpty()) {
                spec.commandLine().getErr().println("caravan: queue show: no message " + queueId + " is queued");
                return 1;
            }
            copies = withHeaders(console, copies);
            Instant now = Instant.now();
            spec.commandLine().getOut().print(json ? MessageDetail.json(copies, now) : MessageDetail.text(copies, now));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /**
     * The copies with their header sections, which the node reads from the embedded broker's queues (the
     * bodies are in its journal, scheduled ones included); a note in their place when the node cannot read them
     * (an external broker is another process) or this user may not (header fields are an operator's to read).
     */
    static List<MessageDetail> withHeaders(ConsoleClient console, List<MessageDetail> copies) throws Exception {
        String note = null;
        Map<String, HeaderSection> sections = Map.of();
        JsonNode found = console.call(Map.of("type", "search", "mbean", "io.caravan:type=Queues,*"));
        if (!found.isArray() || found.isEmpty()) {
            note = "(not available: the node's broker is external, and only an embedded broker's messages are"
                    + " read by the node)";
        } else {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("type", "exec");
            request.put("mbean", found.get(0).asText());
            request.put("operation", "headerSections");
            request.put("arguments", List.of(copies.get(0).message().queueId()));
            try {
                sections = HeaderSection.parse(console.call(request));
            } catch (ConsoleClient.Refused refused) {
                note = "(not shown: " + refused.getMessage() + ")";
            }
        }
        List<MessageDetail> shown = new ArrayList<>();
        for (MessageDetail copy : copies) {
            shown.add(note == null ? copy.withHeader(sections) : copy.withHeaderNote(note));
        }
        return shown;
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Counts and the oldest age per destination (like Postfix's qshape).")
    static final class Summary extends QueueCall {
        @Option(names = "--json", description = "JSON instead of a table.")
        boolean json;

        @Option(names = "--by", paramLabel = "KEY", defaultValue = "destination",
                description = "Group by destination (default) or stage.")
        String by;

        @Override
        int run(ConsoleClient console) throws Exception {
            if (!by.equals("destination") && !by.equals("stage")) {
                throw new IllegalArgumentException("--by takes destination or stage, not '" + by + "'");
            }
            Instant now = Instant.now();
            List<QueuedMessage> messages = listAll(console, queues(console));
            List<QueueSummary.Row> rows = by.equals("stage") ? QueueSummary.byStage(messages, now)
                    : QueueSummary.byDestination(messages, now);
            spec.commandLine().getOut().print(json ? QueueSummary.json(rows) : QueueSummary.table(rows));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** A command on one message by queue id, counting what the broker did across the queues. */
    abstract static class OnOneMessage extends QueueCall {
        @Parameters(paramLabel = "ID", description = "The queue id (as in queue list and the mail log).")
        String queueId;

        abstract List<Map<String, Object>> requests(List<String> queues, String id);

        abstract String done();

        @Override
        int run(ConsoleClient console) throws Exception {
            QueueOperations.filter(queueId); // refuses what is no queue id before anything is sent
            long count = console.call(requests(queues(console), queueId)).stream().mapToLong(JsonNode::asLong).sum();
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
        List<Map<String, Object>> requests(List<String> queues, String id) {
            return QueueOperations.delete(queues, id);
        }

        String done() {
            return "deleted";
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Move a message to its stage's hold queue, where no stage takes it (operator role).")
    static final class Hold extends OnOneMessage {
        List<Map<String, Object>> requests(List<String> queues, String id) {
            return QueueOperations.hold(queues, id);
        }

        String done() {
            return "held";
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Move a held message back to its stage's queue (operator role).")
    static final class Release extends OnOneMessage {
        List<Map<String, Object>> requests(List<String> queues, String id) {
            return QueueOperations.release(queues, id);
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

    @Command(name = "bounce", mixinStandardHelpOptions = true,
            description = "Fail every recipient of a message for good; the sender gets a DSN (operator role).")
    static final class Bounce extends OnOneMessage {
        List<Map<String, Object>> requests(List<String> queues, String id) {
            return QueueOperations.bounce(queues, id);
        }

        String done() {
            return "bounced (the bounce stage writes the DSN)";
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Deferred mail (all, one destination's, or one message) is tried now (operator role).")
    static final class Flush extends QueueCall {
        /** Per-message requests go in bulks of this many, one progress step each. */
        private static final int BULK = 200;

        @Parameters(paramLabel = "DEST", arity = "0..1",
                description = "Only the mail for this destination (a provider or a next hop, as in queue summary).")
        String destination;

        @Option(names = "--id", paramLabel = "ID", description = "Only this message.")
        String queueId;

        @Override
        int run(ConsoleClient console) throws Exception {
            List<String> queues = queues(console);
            if (destination == null) {
                if (queueId != null) {
                    QueueOperations.filter(queueId);
                }
                console.call(QueueOperations.flush(queues, queueId));
                spec.commandLine().getOut().println("caravan: deferred mail"
                        + (queueId == null ? "" : " of " + queueId) + " is due now");
                return 0;
            }
            Instant now = Instant.now();
            QueueFilter filter = new QueueFilter(destination, null, null, QueuedMessage.State.DEFERRED);
            List<QueuedMessage> due = listAll(console, queues).stream().filter(filter.at(now))
                    .filter(m -> queueId == null || m.queueId().equals(queueId)).toList();
            try (Progress progress = Progress.of("flush " + destination, due.size())) {
                for (int from = 0; from < due.size(); from += BULK) {
                    List<Map<String, Object>> requests = new ArrayList<>();
                    for (QueuedMessage m : due.subList(from, Math.min(due.size(), from + BULK))) {
                        requests.add(QueueOperations.flushOne(m.queue(), m.messageId()));
                    }
                    console.call(requests);
                    progress.stepBy(requests.size());
                }
            }
            spec.commandLine().getOut().println("caravan: " + due.size() + " deferred deliver"
                    + (due.size() == 1 ? "y" : "ies") + " for " + destination + " due now");
            return due.isEmpty() ? 1 : 0;
        }
    }

    /** An operation on one of the node's own MBeans, found by its type (the bean's name carries the node's). */
    abstract static class NodeCall extends QueueCall {
        abstract String type();

        abstract String operation();

        abstract List<Object> arguments();

        @Override
        int run(ConsoleClient console) throws Exception {
            String mbean = console.mbean("io.caravan:type=" + type() + ",*");
            Map<String, Object> request = new java.util.LinkedHashMap<>();
            request.put("type", "exec");
            request.put("mbean", mbean);
            request.put("operation", operation());
            request.put("arguments", arguments());
            spec.commandLine().getOut().println("caravan: " + console.call(request).asText());
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

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Take a source, or every source of a pool, out for a provider for a while, region-wide"
                    + " (operator role).")
    static final class Suspend extends NodeCall {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "An egress source, or a pool (egress.yaml).")
        String source;

        @Parameters(index = "1", paramLabel = "PROVIDER", description = "A provider (providers.yaml).")
        String provider;

        @Parameters(index = "2", paramLabel = "DURATION", description = "How long, e.g. 30m, 2h.")
        String duration;

        String type() {
            return "Reputation";
        }

        String operation() {
            return "suspend";
        }

        List<Object> arguments() {
            Values.duration(duration); // refused here, in one line, before anything is sent
            return List.of(source, provider, duration);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Put a suspended source, or every source of a pool, back for a provider, region-wide"
                    + " (operator role).")
    static final class Resume extends NodeCall {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "An egress source, or a pool (egress.yaml).")
        String source;

        @Parameters(index = "1", paramLabel = "PROVIDER", description = "A provider (providers.yaml).")
        String provider;

        String type() {
            return "Reputation";
        }

        String operation() {
            return "resume";
        }

        List<Object> arguments() {
            return List.of(source, provider);
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Take the node out of service: not ready, no new mail; queued mail is still delivered"
                    + " (operator role).")
    static final class Drain extends NodeCall {
        String type() {
            return "Node";
        }

        String operation() {
            return "drain";
        }

        List<Object> arguments() {
            return List.of();
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true,
            description = "Put a drained node back in service (operator role).")
    static final class Undrain extends NodeCall {
        String type() {
            return "Node";
        }

        String operation() {
            return "undrain";
        }

        List<Object> arguments() {
            return List.of();
        }
    }
}
