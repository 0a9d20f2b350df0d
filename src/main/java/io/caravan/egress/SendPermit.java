package io.caravan.egress;

import io.caravan.egress.lanes.LaneScheduler;
import io.caravan.egress.shaping.Shaper;
import io.caravan.message.DeliveryRoute;
import java.util.Objects;

/**
 * What the scheduler reserved for a lane's next message before reading it: the source the choice
 * gave, and that source's shaping slot and message-rate permit to the destination. It serves the
 * message it was reserved for when the message's route is the one it was reserved on (pool, provider
 * and first domain); otherwise it is given back and the message is decided afresh.
 */
public record SendPermit(DeliveryRoute route, SourceChoice.Send send, Shaper.Admitted admitted, SourceChoice choice)
        implements LaneScheduler.Permit {

    public boolean fits(DeliveryRoute actual) {
        return Objects.equals(route.pool(), actual.pool()) && Objects.equals(route.provider(), actual.provider())
                && Objects.equals(route.firstDomain(), actual.firstDomain())
                && Objects.equals(route.fallbackPools(), actual.fallbackPools());
    }

    @Override
    public String source() {
        return send.source().name();
    }

    @Override
    public void giveBack() {
        admitted.notSent();
        admitted.close();
        choice.unused(send, route);
    }
}
