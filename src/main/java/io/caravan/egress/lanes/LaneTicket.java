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
    /** The source the attempt used, once it was made. */
    String source;
    /** The source whose slot the reservation held, counted in flight until the ticket ends. */
    final String reservedFor;
    /** The provider the reservation was made for (its lane's route then). */
    final String reservedProvider;

    LaneTicket(Lane lane, P permit) {
        this.lane = lane;
        this.permit = permit;
        this.reservedFor = permit == null ? null : permit.source();
        this.reservedProvider = permit == null || lane.route == null ? null : lane.route.provider();
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

    /** The attempt was made from this source. */
    public void sentFrom(String sourceName) {
        source = sourceName;
    }

    /** The receiver deferred the message: the lane and the source show the reply. */
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
