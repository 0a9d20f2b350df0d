package io.caravan.egress.lanes;

import io.caravan.broker.LaneGate;
import io.caravan.message.DeliveryRoute;
import java.time.Instant;

/**
 * Leave to take one message off one lane, with the permit reserved for it (a source and a shaping
 * slot), if the lane's route was known. The egress route tells it the message's own route and,
 * when the message must wait after all, until when its lane waits too.
 *
 * @param <P> the permit's type
 */
public final class LaneTicket<P extends LaneScheduler.Permit> implements LaneGate.Ticket {

    final Lane lane;
    private P permit;
    DeliveryRoute route;
    Instant holdUntil;
    String holdWhy;
    String deferral;

    LaneTicket(Lane lane, P permit) {
        this.lane = lane;
        this.permit = permit;
    }

    @Override
    public String queue() {
        return lane.queue;
    }

    /**
     * The permit reserved for this message, when it fits the message's route ({@code fits}); otherwise it
     * is given back, and null is returned. Either way the ticket holds no permit afterwards.
     */
    public P take(DeliveryRoute actual, java.util.function.BiPredicate<P, DeliveryRoute> fits) {
        route = actual;
        P p = permit;
        permit = null;
        if (p != null && !fits.test(p, actual)) {
            p.giveBack();
            return null;
        }
        return p;
    }

    /** The message could not go after all: its lane waits until {@code until}, for the reason given. */
    public void holdUntil(Instant until, String why) {
        holdUntil = until;
        holdWhy = why;
    }

    /** The receiver deferred the message: the lane shows the reply. */
    public void deferred(String reply) {
        deferral = reply;
    }

    /** Gives back a permit nobody took. */
    void release() {
        P p = permit;
        permit = null;
        if (p != null) {
            p.giveBack();
        }
    }
}
