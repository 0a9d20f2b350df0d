package io.caravan.egress;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.RequireTls;
import io.caravan.message.Recipient;
import io.caravan.maillog.MailLog;
import io.caravan.reputation.ReplyFeedback;
import io.caravan.reputation.ReputationEvent;
import io.caravan.reputation.Verdict;
import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the failures of one attempt with the provider reply rules (through
 * {@link ReplyFeedback}) and says, per recipient, what follows: wait, bounce,
 * or go again at once through another source because this one was just taken
 * out for the provider. A REQUIRETLS message no host could take securely is returned
 * without asking the rules ({@link RequireTls#returned}). Each distinct reply of an attempt is judged once, so a
 * session-wide 421 counts once towards a trigger, not once per recipient. The
 * suspensions and throttles it causes are returned for the region's event stream.
 */
public final class ReplyJudge {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyJudge.class);

    /** Per failed recipient its next step, and the suspensions to tell the region about. */
    public record Judgement(Map<Recipient, ReplyFeedback.Next> next, List<ReputationEvent> events) {
    }

    private final ReplyFeedback feedback;
    private final EgressObserver observer;

    public ReplyJudge(ReplyFeedback feedback) {
        this(feedback, EgressObserver.NONE);
    }

    /** @param observer told of each recipient deferred, with the rule that deferred it */
    public ReplyJudge(ReplyFeedback feedback, EgressObserver observer) {
        this.feedback = feedback;
        this.observer = observer;
    }

    public Judgement judge(DeliveryResult result, String source, String provider) {
        Map<Reply, ReplyFeedback.Decision> decisions = new HashMap<>();
        Map<Recipient, ReplyFeedback.Next> next = new HashMap<>();
        List<ReputationEvent> events = new ArrayList<>();
        for (RecipientOutcome o : result.outcomes()) {
            if (o.delivered()) {
                continue;
            }
            if (RequireTls.returned(o)) {
                next.put(o.recipient(), ReplyFeedback.Next.BOUNCE);
                continue;
            }
            ReplyFeedback.Decision d = decisions.computeIfAbsent(o.reply(), reply -> {
                ReplyFeedback.Decision decided = feedback.onReply(reply, o.remote(), source, provider);
                Verdict v = decided.verdict();
                if (v != null && v.dryRun() && v.triggered()) {
                    LOG.info("dry run: rule {} would {} source {} for {}: {}", v.rule(), v.actions(), source,
                            provider, v.reason());
                }
                for (ReputationEvent e : decided.events()) {
                    if (e instanceof ReputationEvent.Throttled t) {
                        LOG.warn("source {} throttled for {} to {} of its rate by rule {}: {}", source, provider,
                                t.factor(), t.rule(), t.reason());
                    } else {
                        MailLog.reputation(e); // this node's own; EventRoutes skips its echo from the region
                    }
                    events.add(e);
                }
                return decided;
            });
            next.put(o.recipient(), d.next());
            if (d.next() == ReplyFeedback.Next.DEFER && d.verdict() != null) {
                observer.deferred(d.verdict().rule());
            }
        }
        return new Judgement(next, events);
    }
}
