package io.caravan.egress;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.egress.retry.RetrySettings;
import io.caravan.egress.smtp.ClientSettings;
import java.time.Duration;

/**
 * The egress stage's knobs, read from the key registry; the engine's own defaults are the keys'
 * defaults, so an empty caravan.properties behaves like the engine as tested.
 *
 * @param deliveryTimeout longest wait for one attempt (all hosts) before the delivery rolls back
 * @param busyDelay       how long a delivery waits on the queue when its destination is at its connection limit
 * @param poolRate        messages per second a pool is taken to carry where shaping sets no message rate
 * @param spillShare      share of a fallback pool's rate open to shifted traffic
 * @param maxWait         longest wait when no source may send to a provider
 */
public record EgressSettings(ClientSettings client, RetrySettings retry, Duration deliveryTimeout,
                             Duration busyDelay, int poolRate, double spillShare, Duration maxWait) {

    public static EgressSettings from(Settings s) {
        ClientSettings d = ClientSettings.defaults();
        ClientSettings client = new ClientSettings(s.duration(Key.EGRESS_CONNECT_TIMEOUT), d.greetingTimeout(),
                d.ehloTimeout(), d.mailTimeout(), d.rcptTimeout(), d.dataInitTimeout(), d.endOfDataTimeout(),
                d.rsetTimeout(), d.tlsHandshakeTimeout(), s.integer(Key.EGRESS_MAX_DELIVERIES_PER_CONNECTION),
                s.duration(Key.EGRESS_IDLE_TIMEOUT), d.maxReplyLineLength());
        double spill = s.decimal(Key.EGRESS_SPILL_SHARE);
        if (!(spill > 0 && spill <= 1)) {
            throw new ConfigException(Key.EGRESS_SPILL_SHARE.property() + ": must be more than 0 and at most 1, not "
                    + spill);
        }
        return new EgressSettings(client, retry(s), s.duration(Key.EGRESS_DELIVERY_TIMEOUT),
                s.duration(Key.EGRESS_BUSY_DELAY), s.integer(Key.EGRESS_POOL_RATE), spill,
                s.duration(Key.EGRESS_MAX_WAIT));
    }

    /** Shared with the routing stage's deferrals, so a message ages the same way wherever it waits. */
    public static RetrySettings retry(Settings s) {
        return new RetrySettings(s.duration(Key.RETRY_INITIAL), s.decimal(Key.RETRY_FACTOR), s.duration(Key.RETRY_CAP),
                s.duration(Key.RETRY_MAX_AGE), s.decimal(Key.RETRY_JITTER));
    }
}
