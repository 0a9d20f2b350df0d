package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.message.Recipient;
import io.caravan.reputation.Disposition;
import io.caravan.reputation.Origin;
import io.caravan.reputation.ReputationState;
import io.caravan.reputation.ResponseClassifier;
import io.caravan.reputation.Verdict;
import io.caravan.smtp.Reply;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the failures of one attempt with the provider reply rules and applies what they say about
 * the source to the node's reputation state (a suspended source is skipped by the next source
 * choice, so its mail shifts or waits). Each distinct reply of an attempt is judged once, so a
 * session-wide 421 counts once towards a trigger, not once per recipient. The verdict also decides
 * whether a recipient waits or bounces: a rule may turn a provider's 5xx about our IP into a
 * deferral, since the mail itself is fine.
 */
public final class ReplyJudge {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyJudge.class);

    private final ResponseClassifier classifier;
    private final ReputationState state;

    public ReplyJudge(ResponseClassifier classifier, ReputationState state) {
        this.classifier = classifier;
        this.state = state;
    }

    /** Defer or bounce for each recipient that was not delivered. */
    public Map<Recipient, Disposition> judge(DeliveryResult result, String source, String provider) {
        Map<Reply, Verdict> verdicts = new HashMap<>();
        Map<Recipient, Disposition> out = new HashMap<>();
        for (RecipientOutcome o : result.outcomes()) {
            if (o.delivered()) {
                continue;
            }
            Verdict v = verdicts.computeIfAbsent(o.reply(), reply -> judge(reply, o.remote(), source, provider));
            out.put(o.recipient(), v.disposition());
        }
        return out;
    }

    private Verdict judge(Reply reply, boolean remote, String source, String provider) {
        Origin origin = remote ? Origin.remote(source) : Origin.local(reply.text());
        Verdict v = classifier.classify(reply, provider, origin);
        state.apply(v, source, provider).ifPresent(e -> LOG.warn("source {} suspended for {} until {} by rule {}: {}",
                source, provider, e.until(), v.rule(), v.reason()));
        return v;
    }
}
