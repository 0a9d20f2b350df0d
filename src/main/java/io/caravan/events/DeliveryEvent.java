package io.caravan.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to one recipient of one message: an attempt's outcome ({@code delivered},
 * {@code deferred}, {@code failed}) from egress, or {@code bounced} from the bounce stage once the
 * failure is reported to the sender (or why it is not). Flat JSON for log pipelines and
 * dashboards; fields that do not apply are left out. The schema is in docs/EVENTS.md.
 *
 * @param attempt  the attempt's number, 1 for the first; 0 when no attempt was made
 * @param retryAt  when a deferred recipient is tried again (ISO-8601)
 * @param dsn      for {@code bounced}: the queue id of the DSN sent to the sender
 * @param at       when it happened (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryEvent(String type, String region, String node, String queueId, String sender,
                            String recipient, String source, String ip, String pool, String provider, String mx,
                            Integer code, String enhanced, String text, String tls, int attempt, String retryAt,
                            String dsn, String at) {

    public static final String DELIVERED = "delivered";
    public static final String DEFERRED = "deferred";
    public static final String FAILED = "failed";
    public static final String BOUNCED = "bounced";
}
