package io.caravan.events;

import io.caravan.jmx.Description;

/**
 * The operator's view of this node's source standing, in the console's JMX
 * tab (io.caravan:type=Reputation): which sources are out for which providers,
 * why and until when, a way to put one back, and how often each reply rule matched.
 */
@Description("This node's egress sources suspended or blocked for providers, the reply rules' counts, and a way to"
        + " lift a suspension for the whole region")
public interface ReputationMBean {

    /** One line per suspension in force: source, provider, until, rule, layer, blocked, reason. */
    @Description("One line per suspension in force, soonest end first: source, provider, until, rule, the rule's"
            + " layer (provider or generic), blocked, and the reply that triggered it")
    String[] getActiveSuspensions();

    @Description("How many (source, provider) suspensions are in force on this node")
    int getActiveSuspensionCount();

    /**
     * Per response rule that matched since start: "name matched=N triggered=N dry-run=N". A
     * dry-run rule is judged by these counts before it is switched on.
     */
    @Description("Per reply rule of responses.yaml that matched since start: name matched=N triggered=N dry-run=N")
    String[] getRuleCounts();

    /** The same counts for the generic layer's rules only: the ones that read wordings no provider rule knows. */
    @Description("Per rule of the generic layer (rules that name no provider) that matched since start: name"
            + " matched=N triggered=N dry-run=N")
    String[] getGenericRuleCounts();

    @Description("Replies no rule of responses.yaml matched since start (they defer on 4xx, bounce on 5xx, and"
            + " act on no source)")
    long getUnmatchedReplyCount();

    /** The most frequent unmatched wordings: "N provider: reply" with numbers, addresses and ids masked. */
    @Description("The 20 most frequent replies no rule matched, by provider and wording (numbers, addresses and"
            + " ids masked): count, provider, reply")
    String[] getUnmatchedReplies();

    /** The same 20 wordings, each with a rule skeleton to paste into responses.yaml. */
    @Description("The 20 most frequent unmatched replies as rule skeletons ready to paste into responses.yaml;"
            + " choose scope and actions before use")
    String getUnmatchedReplyRules();

    /**
     * Lifts a suspension (or block) early on this node and tells the region.
     *
     * @return what was done
     */
    @Description("Lifts a suspension or block early, on this node and on every node of the region; the source's"
            + " rate then ramps back up. Answers what was done")
    String resume(@Description(name = "source", value = "The egress source's name, or a pool's (all its sources),"
                          + " as in egress.yaml") String source,
                  @Description(name = "provider", value = "The provider's name, as in providers.yaml")
                  String provider);

    /**
     * Takes a source (or every source of a pool) out for a provider, on this node and the region.
     *
     * @return what was done
     */
    @Description("Takes an egress source, or every source of a pool, out of use for a provider for a while, on this"
            + " node and on every node of the region (rule 'operator'); deliveries to the provider use other"
            + " sources meanwhile. A longer suspension in force is kept. Answers what was done")
    String suspend(@Description(name = "source", value = "The egress source's name, or a pool's, as in egress.yaml")
                   String source,
                   @Description(name = "provider", value = "The provider's name, as in providers.yaml, or the"
                           + " registered domain routing names an unknown provider by") String provider,
                   @Description(name = "duration", value = "How long, e.g. 30m, 2h, 1d") String duration);
}
