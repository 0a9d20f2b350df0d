package io.caravan.bounce;

import com.fasterxml.jackson.core.type.TypeReference;
import io.caravan.message.Envelope;
import io.caravan.message.Json;
import io.caravan.message.QueueId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns failed recipients into the DSN that goes back to the sender, as a new message with its
 * own queue id and the null reverse path, to be routed and delivered like any other mail. No DSN
 * is written for the null sender (RFC 5321 §4.5.5: it would loop) or for recipients whose NOTIFY
 * excludes failures (RFC 3461); both are ends by design, not losses.
 */
public final class Bounces {

    /** A DSN ready for the incoming queue. */
    public record Notice(Envelope envelope, byte[] message) {
    }

    private static final TypeReference<List<BounceOutcome>> OUTCOMES = new TypeReference<>() {
    };

    private final DsnBuilder builder;
    private final QueueId queueIds;
    private final String hostname;
    private final Clock clock;

    public Bounces(DsnBuilder builder, QueueId queueIds, String hostname, Clock clock) {
        this.builder = builder;
        this.queueIds = queueIds;
        this.hostname = hostname;
        this.clock = clock;
    }

    /** @param outcomes the failed recipients, as {@link #parse} reads them from the bounce queue */
    public Optional<Notice> notice(Envelope envelope, byte[] original, List<BounceOutcome> outcomes) {
        return notice(envelope, original, original.length, outcomes);
    }

    /** A body above the return limit need only be given as its header section: see {@link DsnBuilder}. */
    public Optional<Notice> notice(Envelope envelope, byte[] original, long originalSize, List<BounceOutcome> outcomes) {
        List<RecipientReport> reports = outcomes.stream().map(BounceOutcome::report).toList();
        return builder.build(envelope, original, originalSize, reports, DsnBuilder.Kind.FAILED)
                .map(dsn -> new Notice(dsn.envelope(queueIds.next(), hostname, clock.instant()), dsn.message()));
    }

    public int returnLimit() {
        return builder.returnLimit();
    }

    /** The status an operator's bounce gives each recipient: permanent, for no reason the remote side gave. */
    static final String OPERATOR_STATUS = "5.0.0";

    /**
     * The failed recipients of a message an operator bounced ({@code caravan queue bounce}): the broker moved
     * it here from the queue it waited on, so it carries no outcomes of a stage, and every recipient of its
     * envelope fails for good. The DSN quotes the last reply it had, when it had one.
     */
    static List<BounceOutcome> byOperator(Envelope envelope, String lastReply, Instant now) {
        String text = "returned to the sender by the postmaster" + (lastReply == null || lastReply.isBlank()
                ? "" : "; last attempt: " + lastReply);
        return envelope.recipients().stream()
                .map(r -> new BounceOutcome(r, OPERATOR_STATUS, text, null, null, now)).toList();
    }

    static List<BounceOutcome> parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no outcomes");
        }
        try {
            return Json.MAPPER.readValue(json, OUTCOMES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed outcomes: " + e.getOriginalMessage(), e);
        }
    }
}
