package io.caravan.bounce;

import io.caravan.broker.StageQueue;
import io.caravan.events.DeliveryEvent;
import io.caravan.events.NodeId;
import io.caravan.events.RegionEvents;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.MessageBody;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounce stage: failed recipients (from routing or egress) become a delivery status
 * notification to the sender ({@link Bounces}), queued on the incoming queue as a new message by a
 * {@code stage:} step in the same transaction that takes the failure off the bounce queue. Failures of null-sender mail (DSNs
 * themselves) and of recipients that asked for no report are logged and end here. Either way each
 * recipient is a {@code bounced} event on the delivery event stream.
 */
public final class BounceRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BounceRoutes.class);

    /** The property Artemis puts on a message an operator moved: the queue it was moved from. */
    static final String MOVED_FROM = "_AMQ_ORIG_QUEUE";
    /** The queue id of the notice made, when one was. */
    private static final String DSN = "caravan.dsnQueueId";
    private static final String FAILURE = "caravan.bounceFailure";

    private final Bounces bounces;
    private final int consumers;
    private final NodeId node;
    private final Clock clock;
    private final RegionEvents events;

    public BounceRoutes(Bounces bounces, int consumers, NodeId node, Clock clock, RegionEvents events) {
        this.bounces = bounces;
        this.consumers = consumers;
        this.node = node;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void configure() {
        // bounces are few: one per transaction, nothing to gain from sharing commits
        from(StageQueue.BOUNCE.consumerUri(consumers, 1)).routeId("bounce")
                .process(this::bounce)
                .choice()
                    .when(exchangeProperty(DSN).isNotNull())
                        // the notice, a new message, on the transaction that takes the failure off the queue
                        .to(StageQueue.INCOMING.producerUri())
                .end()
                .process(this::recorded);
    }

    /** The failure read, for {@link #recorded}. */
    private record Failure(Envelope envelope, List<BounceOutcome> failed) {
    }

    /**
     * Reads the failure and makes its notice: the exchange's message becomes the DSN, and {@link #DSN} its
     * queue id. Without a notice (null sender, nobody asked) the exchange is left as it came.
     */
    private void bounce(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Envelope envelope = EnvelopeJson.read(in.getHeader(Headers.ENVELOPE, String.class));
        String outcomes = in.getHeader(Headers.OUTCOMES, String.class);
        // a stage always says which recipients failed; a copy the broker moved here without them is an
        // operator's bounce (caravan queue bounce)
        boolean byOperator = outcomes == null && in.getHeader(MOVED_FROM) != null;
        List<BounceOutcome> failed = byOperator
                ? Bounces.byOperator(envelope, in.getHeader(Headers.LAST_REPLY, String.class), clock.instant())
                : Bounces.parse(outcomes);
        if (byOperator) {
            LOG.info("{}: bounced by an operator from {}: {} recipient(s)", envelope.queueId(),
                    in.getHeader(MOVED_FROM), failed.size());
        }
        MessageBody body = MessageBody.of(in.getBody());
        // the whole original only when it is returned whole (up to the return limit, which the start-up heap
        // check counts); else its header section, all a DSN returns of it
        byte[] original = body instanceof MessageBody.Bytes b ? b.bytes()
                : body.size() <= bounces.returnLimit() ? readAll(body) : body.head(MessageBody.HEAD_LIMIT);
        Optional<Bounces.Notice> notice = bounces.notice(envelope, original, body.size(), failed);
        if (notice.isEmpty()) {
            LOG.info("{}: no DSN ({}): {}", envelope.queueId(),
                    envelope.nullSender() ? "null sender" : "no recipient asked for one", outcomes);
            exchange.setProperty(FAILURE, new Failure(envelope, failed));
            return;
        }
        Envelope dsn = notice.get().envelope();
        LOG.info("{}: DSN {} to <{}> for {} recipient(s)", envelope.queueId(), dsn.queueId(),
                dsn.recipients().get(0).address(), envelope.recipients().size());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(Headers.QUEUE_ID, dsn.queueId());
        h.put(Headers.ENVELOPE, EnvelopeJson.write(dsn));
        in.setHeaders(h); // the notice carries its own envelope, nothing of the failure's
        in.setBody(notice.get().message());
        exchange.setProperty(FAILURE, new Failure(envelope, failed));
        exchange.setProperty(DSN, dsn.queueId());
    }

    /** Each failed recipient a {@code bounced} event, once the notice (if any) is handed on. */
    private void recorded(Exchange exchange) {
        Failure f = exchange.getProperty(FAILURE, Failure.class);
        record(f.envelope(), f.failed(), exchange.getProperty(DSN, String.class));
    }

    private static byte[] readAll(MessageBody body) throws java.io.IOException {
        try (java.io.InputStream in = body.open()) {
            return in.readAllBytes();
        }
    }

    private void record(Envelope envelope, List<BounceOutcome> failed, String dsn) {
        if (events.deliveriesHeard()) {
            events.record(bounced(envelope, failed, dsn));
        }
    }

    /** One event per failed recipient; {@code dsn} is the notice's queue id, null when none was sent. */
    private List<DeliveryEvent> bounced(Envelope envelope, List<BounceOutcome> failed, String dsn) {
        Instant now = clock.instant();
        return failed.stream()
                .map(o -> DeliveryEvent.about(DeliveryEvent.BOUNCED, node, envelope, o.recipient().address())
                        .mx(o.remoteMta())
                        .reply(o.code(), o.status(), o.text())
                        .dsn(dsn)
                        .at(now))
                .toList();
    }
}
