package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.metrics.UnmatchedMeters;
import io.caravan.reputation.ReplyFeedback;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.ResponseClassifier;
import io.caravan.reputation.ResponseRules;
import io.caravan.reputation.WireText;
import io.caravan.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Replies no rule knows, as an operator sees them: counted per provider in the metrics, by wording with rule
 * skeletons in the console's JMX view; suspensions and rule counts say which layer decided them.
 */
class UnmatchedRepliesViewTest {

    @Test
    void unmatchedRepliesShowInJmxAndMetricsAndLayersAreNamed() throws Exception {
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ResponseClassifier classifier = new ResponseClassifier(ResponseRules.load(Path.of("config/responses.yaml")),
                clock);
        ReputationState state = new ReputationState(clock, "eu", "view-1");
        ReplyFeedback feedback = new ReplyFeedback(classifier, state, clock, s -> "192.0.2.10");
        for (String ip : List.of("198.51.100.1", "198.51.100.2", "198.51.100.3")) {
            feedback.onReply(WireText.parse("451 Greylisted " + ip + " please come back in 300 seconds"), true, "src",
                    "gmail");
        }
        feedback.onReply(WireText.parse("451 Greylisted 198.51.100.9 please come back in 60 seconds"), true, "src",
                "mailhost.example");
        feedback.onReply(WireText.parse("554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using"
                + " zen.spamhaus.org"), true, "src", "mailhost.example");

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UnmatchedMeters.register(registry, classifier.stats().unmatched(), List.of("gmail", "yahoo"));
        assertEquals(3.0, registry.get("caravan.replies.unmatched").tag("provider", "gmail").functionCounter().count());
        assertEquals(1.0, registry.get("caravan.replies.unmatched").tag("provider", "other").functionCounter().count());
        assertEquals(2.0, registry.get("caravan.replies.unmatched.wordings").gauge().value());

        try (Reputation bean = Reputation.register("view-1", state, classifier.stats(), null, clock, Set.of("gmail"))) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.caravan:type=Reputation,node=\"view-1\"");
            assertEquals(4L, jmx.getAttribute(name, "UnmatchedReplyCount"));
            String[] top = (String[]) jmx.getAttribute(name, "UnmatchedReplies");
            assertEquals("3 gmail: 451 Greylisted <ip> please come back in # seconds", top[0]);
            String rules = (String) jmx.getAttribute(name, "UnmatchedReplyRules");
            assertTrue(rules.contains("- name: gmail-please-come-back")
                    && rules.contains("match: {providers: [gmail], code: \"451\", text: \"please\\\\W+come\\\\W+back")
                    && rules.contains("- name: generic-please-come-back"), rules);
            String suspension = ((String[]) jmx.getAttribute(name, "ActiveSuspensions"))[0];
            assertTrue(suspension.contains("rule generic-dnsbl-listed layer generic"), suspension);
            assertTrue(List.of((String[]) jmx.getAttribute(name, "GenericRuleCounts")).stream()
                    .anyMatch(l -> l.startsWith("generic-dnsbl-listed matched=1")));
        }
    }
}
