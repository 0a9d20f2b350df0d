package io.caravan.feedback;

import io.caravan.config.Key;
import io.caravan.config.Settings;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.RoutesBuilder;

/** Puts the feedback side together for a node: its mailboxes' consumers, when its region has any. */
public final class Feedback {

    private Feedback() {
    }

    /**
     * @param keys            the node's reference keys, which open what its mail was stamped with
     * @param sourceByAddress the name of this region's egress source that sends from an address ("unknown" if none)
     * @param providerByDomain the provider mail to a recipient domain leaves for, as routing finds it (transport
     *                         table, MX hosts, providers.yaml), for a report whose reference names none
     * @param sourceNames     the region's egress sources, one of which a VERP return path names
     */
    public static Optional<RoutesBuilder> routes(Settings s, SuppressionList suppressions, RefKeys keys,
                                                 Function<String, String> sourceByAddress,
                                                 Function<String, String> providerByDomain,
                                                 Collection<String> sourceNames,
                                                 FeedbackProcessor.Observer observer, Clock clock) {
        FeedbackConfig config = FeedbackConfig.load(s.configFile(s.text(Key.FEEDBACK_FILE)), s.configDir());
        List<Mailbox> mailboxes = config.forRegion(s.text(Key.NODE_REGION));
        if (mailboxes.isEmpty()) {
            return Optional.empty();
        }
        FeedbackProcessor processor = new FeedbackProcessor(suppressions,
                s.duration(Key.FEEDBACK_BOUNCE_EXPIRY), s.duration(Key.FEEDBACK_COMPLAINT_EXPIRY),
                sourceByAddress, providerByDomain, sourceNames, observer, clock);
        return Optional.of(new FeedbackRoutes(mailboxes, processor, observer, s.dataDir(), keys));
    }
}
