package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * What egress does next with a recipient after a reply, and what the region
 * must learn from it. The policy, by the scope of the reply:
 * <ul>
 *   <li>a positive reply: done;</li>
 *   <li>about our sending IP (a rate limit or a block list): once the rule
 *       has suspended (or blocked) the source for that provider, the
 *       recipient is tried again at once through another source, never
 *       bounced for it;</li>
 *   <li>anything else: the rule's (or the code class') disposition, defer or
 *       bounce, with no action on the source.</li>
 * </ul>
 * Failures Caravan caused itself (timeouts, its own throttling) never touch a
 * source's standing.
 */
public final class ReplyFeedback {

    /** The recipient's next step. */
    public enum Next { DONE, RETRY_ELSEWHERE, DEFER, BOUNCE }

    /**
     * @param next    what to do with the recipient
     * @param verdict the classification (null for a positive reply)
     * @param events  what to publish to the region: the suspension or throttle this reply caused
     */
    public record Decision(Next next, Verdict verdict, List<ReputationEvent> events) {
    }

    private final ResponseClassifier classifier;
    private final ReputationState state;
    private final Clock clock;
    private final Function<String, String> addressOf;

    public ReplyFeedback(ResponseClassifier classifier, ReputationState state, Clock clock) {
        this(classifier, state, clock, source -> null);
    }

    /**
     * @param addressOf the address a source sends from, by its name (null when not known): rules that look
     *                  for our own address in a reply's text read it
     */
    public ReplyFeedback(ResponseClassifier classifier, ReputationState state, Clock clock,
                         Function<String, String> addressOf) {
        this.classifier = classifier;
        this.state = state;
        this.clock = clock;
        this.addressOf = addressOf;
    }

    /**
     * @param remote   whether the receiving server sent the reply (false for one Caravan made up itself)
     * @param source   the egress source the attempt used
     * @param provider the provider of the destination
     */
    public Decision onReply(Reply reply, boolean remote, String source, String provider) {
        if (reply.positive()) {
            return new Decision(Next.DONE, null, List.of());
        }
        Origin origin = remote ? Origin.remote(source, addressOf.apply(source)) : Origin.local(reply.text());
        Verdict verdict = classifier.classify(reply, provider, origin);
        List<ReputationEvent> events = state.apply(verdict, source, provider);
        boolean aboutOurIp = verdict.scope() == Scope.SOURCE_IP || verdict.scope() == Scope.BLOCK;
        // until the rule's trigger has taken the source out, another try could pick it again: wait instead
        if (remote && aboutOurIp && state.isSuspended(source, provider, clock.instant())) {
            return new Decision(Next.RETRY_ELSEWHERE, verdict, events);
        }
        Next next = verdict.disposition() == Disposition.BOUNCE ? Next.BOUNCE : Next.DEFER;
        return new Decision(next, verdict, events);
    }
}
