package io.caravan.broker;

import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.HashSet;
import java.util.Set;

/**
 * A stage consumer's transacted session and the one producer (bound to no queue) it keeps for the
 * session's life, carried by each exchange it routes in the {@link #PROPERTY} property. The
 * {@code stage:} producer sends on it, so {@code to("stage:...")} inside a stage route joins the
 * transaction that takes the message off its queue: both commit together or roll back together.
 *
 * @param lanes  the lanes sent to in the open transaction, told to the lanes' scheduler once it commits
 * @param thread the consumer's thread: a JMS session serves one thread, so a send from another one (an
 *               operator's wire tap or parallel split) is refused rather than made outside the transaction
 */
record StageOutlet(Session session, MessageProducer producer, Set<String> lanes, Thread thread) {

    /** The exchange property holding the receiving consumer's outlet. */
    static final String PROPERTY = "stageOutlet";

    StageOutlet(Session session, MessageProducer producer) {
        this(session, producer, new HashSet<>(), Thread.currentThread());
    }
}
