package io.caravan.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.queue.ConsoleClient;
import io.caravan.reputation.Layer;
import io.caravan.reputation.ReplyFeedback;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.ResponseClassifier;
import io.caravan.reputation.ResponseRule;
import io.caravan.reputation.ResponseRules;
import io.caravan.reputation.RuleSkeleton;
import io.caravan.reputation.ReplyShape;
import io.caravan.reputation.Verdict;
import io.caravan.reputation.WireText;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.smtp.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code caravan rules check|test|unknown}: the reply rules of responses.yaml (docs/RULES.md). {@code check} runs
 * the start-up checks; {@code test} says which rule reads a reply and what it would do; {@code unknown} lists a
 * running node's most frequent unmatched replies with rule skeletons, through its console.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check the reply rules, try one on a reply, list the replies no rule knows.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class, RulesCommand.Unknown.class})
public final class RulesCommand {

    /** The rule file and provider table of a configuration directory, checked as the gateway checks them. */
    static final class Config {
        @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
                description = "Configuration directory (default: ${DEFAULT-VALUE}).")
        Path config;

        ResponseRules rules;
        ProviderRules providers;

        void load() {
            Settings settings = Settings.load(config, Path.of("data"));
            Path providersFile = settings.configFile(settings.text(Key.ROUTING_PROVIDERS_FILE));
            Path rulesFile = settings.configFile(settings.text(Key.EGRESS_RESPONSES_FILE));
            providers = ProviderRules.load(providersFile);
            rules = ResponseRules.load(rulesFile);
            providers.requireKnown(rules.providerNames());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check responses.yaml as the gateway does at start: regexes, fields, actions against scope,"
                    + " layers, provider names against providers.yaml. Exit 0 when it would start, 1 otherwise.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Config config;

        @Override
        public Integer call() {
            try {
                config.load();
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("caravan: rules check: " + e.getMessage());
                return 1;
            }
            ResponseRules rules = config.rules;
            spec.commandLine().getOut().println("caravan: " + rules.rules().size() + " rules ("
                    + rules.layer(Layer.PROVIDER).size() + " provider, " + rules.layer(Layer.GENERIC).size()
                    + " generic): ok");
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Say which rule reads a reply and what it would do. The reply as the wire shows it; a"
                    + " multi-line reply with its lines separated by new lines.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Config config;

        @Parameters(index = "0", paramLabel = "REPLY", description = "The reply, e.g. \"421 4.7.0 [TSS04] Messages"
                + " from 192.0.2.1 temporarily deferred\".")
        String reply;

        @ArgGroup(exclusive = true)
        Receiver receiver;

        static final class Receiver {
            @Option(names = "--provider", paramLabel = "NAME", description = "The provider, as providers.yaml names it.")
            String provider;

            @Option(names = "--mx", paramLabel = "HOST", description = "The MX host that replied; the provider is"
                    + " recognised from it as routing does.")
            String mx;
        }

        @Option(names = "--source", paramLabel = "ADDRESS",
                description = "The address the source sent from, for rules that look for it in the text.")
        String source;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                config.load();
            } catch (ConfigException e) {
                err.println("caravan: rules test: " + e.getMessage());
                return 1;
            }
            Reply parsed;
            try {
                parsed = WireText.parse(reply.replace("\\r\\n", "\n").replace("\\n", "\n"));
                if (parsed.positive()) throw new IllegalArgumentException("a " + parsed.code() + " is not a failure");
            } catch (IllegalArgumentException e) {
                err.println("caravan: rules test: " + e.getMessage());
                return 2;
            }
            String provider = provider(err);
            if (provider == null) return 2;
            Clock clock = Clock.systemUTC();
            ResponseClassifier classifier = new ResponseClassifier(config.rules, clock);
            ReputationState state = new ReputationState(clock, "test", "test");
            ReplyFeedback feedback = new ReplyFeedback(classifier, state, clock, name -> source);
            ReplyFeedback.Decision d = feedback.onReply(parsed, true, "source", provider);
            Verdict v = d.verdict();
            for (Map.Entry<String, String> line : describe(v, d, provider).entrySet()) {
                out.printf("%-9s %s%n", line.getKey() + ":", line.getValue());
            }
            ResponseRule decided = config.rules.rule(v.rule()).orElse(null);
            if (decided == null || decided.codeOnly()) {
                out.println();
                out.println((decided == null ? "No rule knows this reply" : "Only its code is known")
                        + "; a skeleton to paste into responses.yaml:");
                out.print(RuleSkeleton.of(provider, ReplyShape.of(parsed), Set.copyOf(config.providers.names())));
            }
            return 0;
        }

        private String provider(PrintWriter err) {
            if (receiver != null && receiver.mx != null) {
                return config.providers.recognizeByMx("recipient.invalid", List.of(receiver.mx));
            }
            String p = receiver == null || receiver.provider == null ? null : receiver.provider.trim().toLowerCase();
            if (p != null && !config.providers.names().contains(p)) {
                err.println("caravan: rules test: no provider '" + p + "' in providers.yaml (known: "
                        + String.join(", ", config.providers.names()) + ")");
                return null;
            }
            return p == null ? "unknown" : p;
        }

        private Map<String, String> describe(Verdict v, ReplyFeedback.Decision d, String provider) {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("provider", provider);
            ResponseRule rule = config.rules.rule(v.rule()).orElse(null);
            lines.put("rule", rule == null ? "none (" + v.rule() + ")" : rule.name() + " (" + rule.layer().label()
                    + " layer)");
            lines.put("scope", v.scope().name().toLowerCase());
            if (rule != null && !rule.trigger().immediate()) {
                lines.put("trigger", "after " + rule.trigger().count() + " such replies within "
                        + rule.trigger().period().toMinutes() + "m"
                        + " from the same source and provider; this one alone: " + (v.triggered() ? "fires" : "counts"));
            }
            lines.put("source", sourceAction(rule, provider));
            lines.put("message", switch (d.next()) {
                case RETRY_ELSEWHERE -> "tried again at once from another source or pool (shift)";
                case DEFER -> "deferred, retried later" + (v.codeClass() != parsedClass() ? " (read as " + v.codeClass()
                        + "xx)" : "");
                case BOUNCE -> "bounced to its sender";
                case DONE -> "delivered";
            });
            if (v.dryRun()) lines.put("dry run", "yes: counted, nothing applied");
            return lines;
        }

        private int parsedClass() {
            return Integer.parseInt(reply.strip().substring(0, 1));
        }

        private static String sourceAction(ResponseRule rule, String provider) {
            if (rule == null || rule.actions().stream().noneMatch(io.caravan.reputation.Action::sourceLevel)) {
                return "nothing";
            }
            StringBuilder b = new StringBuilder();
            if (rule.suspends()) {
                b.append(rule.actions().contains(io.caravan.reputation.Action.BLOCK) ? "blocked" : "suspended")
                        .append(" for ").append(provider).append(" for ").append(rule.durationText());
            }
            if (rule.actions().contains(io.caravan.reputation.Action.THROTTLE)) {
                if (b.length() > 0) b.append(", ");
                b.append("rate multiplied by ").append(rule.factor()).append(" for ").append(provider);
            }
            if (rule.actions().contains(io.caravan.reputation.Action.SHIFT)) {
                b.append(", its mail shifted to ").append(rule.pool() == null ? "the class's fallback pools"
                        : "pool " + rule.pool());
            }
            return b.toString();
        }
    }

    @Command(name = "unknown", mixinStandardHelpOptions = true,
            description = "The most frequent replies no rule matched on a running node, with rule skeletons to paste"
                    + " into responses.yaml, through the node's console (a viewer may ask).")
    static final class Unknown implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        QueueCommand.Connection connection;

        @Override
        public Integer call() {
            try {
                ConsoleClient client = connection.client();
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("type", "read");
                request.put("mbean", "io.caravan:type=Reputation,node=*");
                request.put("attribute", "UnmatchedReplyRules");
                List<JsonNode> answers = client.call(List.of(request));
                JsonNode value = answers.get(0); // per MBean the wildcard matched: {attribute: value}
                if (!value.isObject() || value.isEmpty()) {
                    throw new ConsoleClient.Refused("the node shows no reputation view");
                }
                value.fields().forEachRemaining(e -> spec.commandLine().getOut()
                        .print(e.getValue().path("UnmatchedReplyRules").asText()));
                return 0;
            } catch (ConsoleClient.Refused | IOException e) {
                spec.commandLine().getErr().println("caravan: rules unknown: " + e.getMessage());
                return 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 2;
            }
        }
    }
}
