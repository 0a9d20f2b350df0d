package io.caravan.reputation;

import io.caravan.routing.provider.ProviderRules;
import io.caravan.smtp.Reply;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.util.List;

/**
 * What Caravan does with one corpus reply, as egress would: the provider recognised from the MX host
 * through config/providers.yaml, the reply read by {@link ReplyFeedback} for a source that sends from
 * {@value #ADDRESS}, on a fresh reputation state. A rule that fires only after N matches gets the same
 * reply N times, as a receiver that keeps saying it would; the outcome is what it then does.
 */
final class CorpusOutcome {

    static final String SOURCE = "src-a";
    static final String ADDRESS = "192.0.2.10";

    /** suspend, throttle, defer or bounce; the rule that decided; the recipient's next step. */
    record Result(String outcome, String rule, ReplyFeedback.Next next) {
    }

    private final ResponseRules rules;
    private final ProviderRules providers;

    CorpusOutcome(ResponseRules rules, ProviderRules providers) {
        this.rules = rules;
        this.providers = providers;
    }

    String provider(String mx) {
        return providers.recognizeByMx("recipient.example", List.of(mx));
    }

    Result of(ReplyCorpus.Entry e) {
        Reply reply = WireReply.parse(e.wire().replace("\r\n", "\n").replace("\n", "\r\n"));
        String provider = provider(e.mx());
        MutableClock clock = MutableClock.at("2026-12-07T00:00:00Z");
        ResponseClassifier classifier = new ResponseClassifier(rules, clock);
        ReputationState state = new ReputationState(clock, "eu", "n1");
        ReplyFeedback feedback = new ReplyFeedback(classifier, state, clock, s -> s.equals(SOURCE) ? ADDRESS : null);
        ReplyFeedback.Decision d = null;
        int times = 1;
        for (int i = 0; i < times; i++) {
            d = feedback.onReply(reply, true, SOURCE, provider);
            if (i == 0) {
                times = rules.rule(d.verdict().rule()).map(r -> r.trigger().count()).orElse(1);
            }
            if (!d.events().isEmpty()) break;
            clock.advance(Duration.ofSeconds(1));
        }
        String outcome;
        if (d.events().stream().anyMatch(ev -> ev instanceof ReputationEvent.Suspended)) {
            outcome = "suspend";
        } else if (d.events().stream().anyMatch(ev -> ev instanceof ReputationEvent.Throttled)) {
            outcome = "throttle";
        } else {
            outcome = d.next() == ReplyFeedback.Next.BOUNCE ? "bounce" : "defer";
        }
        return new Result(outcome, d.verdict().rule(), d.next());
    }
}
