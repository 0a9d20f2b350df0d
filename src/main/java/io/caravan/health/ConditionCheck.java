package io.caravan.health;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check on one condition of the node that is not Camel's own: the broker, the disk, a stop under
 * way. Not a liveness check: a node that waits for its broker or its disk is alive, and restarting it would
 * only replay its journal for nothing.
 */
final class ConditionCheck extends AbstractHealthCheck {

    static final String GROUP = "caravan";

    private final BooleanSupplier down;
    private final String reason;

    /**
     * @param down   true while the node must not get new mail for this reason
     * @param reason what the readiness answer says while it is down
     */
    ConditionCheck(String id, BooleanSupplier down, String reason) {
        super(GROUP, id);
        this.down = down;
        this.reason = reason;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (down.getAsBoolean()) {
            builder.down().message(reason);
        } else {
            builder.up();
        }
    }
}
