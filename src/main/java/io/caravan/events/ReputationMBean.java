package io.caravan.events;

/**
 * The operator's view of this node's source standing, in the console's JMX
 * tab (io.caravan:type=Reputation): which sources are out for which providers,
 * why and until when, a way to put one back, and how often each reply rule matched.
 */
public interface ReputationMBean {

    /** One line per suspension in force: source, provider, until, rule, blocked, reason. */
    String[] getActiveSuspensions();

    int getActiveSuspensionCount();

    /**
     * Per response rule that matched since start: "name matched=N triggered=N dry-run=N". A
     * dry-run rule is judged by these counts before it is switched on.
     */
    String[] getRuleCounts();

    /**
     * Lifts a suspension (or block) early on this node and tells the region.
     *
     * @return what was done
     */
    String resume(String source, String provider);
}
