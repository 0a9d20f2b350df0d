package io.caravan.feedback;

import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.routing.RoutingConfig;
import io.caravan.routing.pools.EgressSource;
import io.caravan.routing.pools.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.RoutesBuilder;

/** Puts the feedback side together for a node: its mailboxes' consumers, when its region has any. */
public final class Feedback {

    private Feedback() {
    }

    public static Optional<RoutesBuilder> routes(Settings s, RoutingConfig routing, FeedbackProcessor.Observer observer,
                                                 Clock clock) {
        FeedbackConfig config = FeedbackConfig.load(s.configFile(s.text(Key.FEEDBACK_FILE)), s.configDir());
        List<Mailbox> mailboxes = config.forRegion(s.text(Key.NODE_REGION));
        if (mailboxes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> sources = new HashMap<>();
        for (Pool pool : routing.region().pools().values()) {
            for (EgressSource source : pool.sources()) {
                if (source.bindAddress() != null) {
                    sources.put(source.bindAddress().getHostAddress(), source.name());
                }
            }
        }
        FeedbackProcessor processor = new FeedbackProcessor(routing.suppressions(),
                s.duration(Key.FEEDBACK_BOUNCE_EXPIRY), s.duration(Key.FEEDBACK_COMPLAINT_EXPIRY),
                ip -> sources.getOrDefault(ip, "unknown"),
                domain -> routing.providers().recognizeByDomain(domain, List.of()), observer, clock);
        return Optional.of(new FeedbackRoutes(mailboxes, processor, observer, s.dataDir()));
    }
}
