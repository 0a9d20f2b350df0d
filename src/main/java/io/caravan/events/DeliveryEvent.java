package io.caravan.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.caravan.message.Envelope;
import java.time.Instant;

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

    /** An event about {@code recipient} of {@code envelope}, seen by {@code node}; the other fields start empty. */
    public static Builder about(String type, NodeId node, Envelope envelope, String recipient) {
        return new Builder(type, node, envelope, recipient);
    }

    /** Names each optional field at the call site: most events leave most of them out. */
    public static final class Builder {
        private final String type;
        private final NodeId node;
        private final Envelope envelope;
        private final String recipient;
        private String source;
        private String ip;
        private String pool;
        private String provider;
        private String mx;
        private Integer code;
        private String enhanced;
        private String text;
        private String tls;
        private int attempt;
        private Instant retryAt;
        private String dsn;

        private Builder(String type, NodeId node, Envelope envelope, String recipient) {
            this.type = type;
            this.node = node;
            this.envelope = envelope;
            this.recipient = recipient;
        }

        /** The egress source (its name and bind address) and the pool it was chosen from. */
        public Builder via(String source, String ip, String pool) {
            this.source = source;
            this.ip = ip;
            this.pool = pool;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** The receiving host, as the attempt or the bounce names it. */
        public Builder mx(String mx) {
            this.mx = mx;
            return this;
        }

        /** The reply that decided the recipient; {@code code} and {@code enhanced} may be null. */
        public Builder reply(Integer code, String enhanced, String text) {
            this.code = code;
            this.enhanced = enhanced;
            this.text = text;
            return this;
        }

        public Builder tls(String tls) {
            this.tls = tls;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder retryAt(Instant retryAt) {
            this.retryAt = retryAt;
            return this;
        }

        /** The queue id of the DSN sent to the sender. */
        public Builder dsn(String dsn) {
            this.dsn = dsn;
            return this;
        }

        public DeliveryEvent at(Instant at) {
            return new DeliveryEvent(type, node.region(), node.node(), envelope.queueId(), envelope.mailFrom(),
                    recipient, source, ip, pool, provider, mx, code, enhanced, text, tls, attempt,
                    retryAt == null ? null : retryAt.toString(), dsn, at.toString());
        }
    }
}
