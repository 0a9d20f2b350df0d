package io.caravan.egress;

import io.caravan.bounce.BounceOutcome;
import io.caravan.broker.Lanes;
import io.caravan.broker.StageQueue;
import io.caravan.egress.retry.RetrySchedule;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import io.caravan.reputation.ReplyFeedback.Next;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What follows one delivery attempt, per recipient: accepted ones are done; temporary failures go
 * back to the delivery queue as one delivery narrowed to them, scheduled by the retry schedule
 * (attempts counted from the message's acceptance, so the maximum age bounds the total wait);
 * permanent failures, and temporary ones past the maximum age, go to the bounce queue with the
 * receiver's full reply and name. The reply rules may turn one into the other (a provider's 5xx
 * about our IP defers: the mail is fine), and send a recipient straight back to the queue when the
 * source it used was just taken out for the provider. Every recipient lands in exactly one place.
 */
public final class AttemptResults {

    /** One message to put on a stage queue, carrying the delivery's bytes with these properties. */
    public record Handoff(String queue, Map<String, Object> headers) {
    }

    /** What became of one recipient in this attempt, for the delivery log and the event stream. */
    public record Fate(RecipientOutcome outcome, Status status, Instant retryAt) {

        public enum Status { DELIVERED, DEFERRED, FAILED }
    }

    /** The hand-offs to store and, per recipient, its fate. */
    public record Plan(List<Handoff> handoffs, List<Fate> fates) {
    }

    /** The route headers a delivery keeps when it goes back on the queue. */
    public static final List<String> ROUTE_HEADERS = List.of(Headers.ROUTE, Headers.TRAFFIC_CLASS, Headers.POOL,
            Headers.PROVIDER, Lanes.HEADER);

    private final RetrySchedule retry;
    private final Clock clock;

    public AttemptResults(RetrySchedule retry, Clock clock) {
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * @param routeHeaders the delivery's {@link #ROUTE_HEADERS}, kept on a retry
     * @param attempts     failed attempts before this one
     */
    public List<Handoff> after(Envelope envelope, Map<String, Object> routeHeaders, int attempts,
                               DeliveryResult result) {
        return plan(envelope, routeHeaders, attempts, result, Map.of()).handoffs();
    }

    /**
     * @param next what the reply rules decided per failed recipient; one without a decision waits on
     *             a 4xx and bounces on a 5xx
     */
    public Plan plan(Envelope envelope, Map<String, Object> routeHeaders, int attempts,
                     DeliveryResult result, Map<Recipient, Next> next) {
        Instant now = clock.instant();
        List<Fate> fates = new ArrayList<>();
        List<RecipientOutcome> deferred = new ArrayList<>();
        List<RecipientOutcome> elsewhere = new ArrayList<>();
        List<RecipientOutcome> failed = new ArrayList<>();
        for (RecipientOutcome o : result.outcomes()) {
            if (o.delivered()) {
                fates.add(new Fate(o, Fate.Status.DELIVERED, null));
                continue;
            }
            switch (next.getOrDefault(o.recipient(), o.deferred() ? Next.DEFER : Next.BOUNCE)) {
                case RETRY_ELSEWHERE -> elsewhere.add(o);
                case DEFER -> deferred.add(o);
                default -> failed.add(o);
            }
        }
        List<Handoff> out = new ArrayList<>();
        elsewhere.forEach(o -> fates.add(new Fate(o, Fate.Status.DEFERRED, now)));
        if (!elsewhere.isEmpty()) {
            // the source that got the reply is out for this provider now: the next choice skips it
            Map<String, Object> h = headers(envelope.withRecipients(recipients(elsewhere)), attempts + 1);
            h.putAll(routeHeaders);
            h.put(Headers.LAST_REPLY, lastReply(elsewhere));
            out.add(new Handoff(lane(routeHeaders), h));
        }
        String mx = result.target() == null ? null : result.target().hostname();
        List<BounceOutcome> bounces = new ArrayList<>();
        if (!deferred.isEmpty()) {
            RetrySchedule.Decision retryAt = retry.next(envelope.receivedAt(), attempts + 1);
            if (retryAt instanceof RetrySchedule.RetryAt at) {
                Map<String, Object> h = headers(envelope.withRecipients(recipients(deferred)), attempts + 1);
                h.putAll(routeHeaders);
                h.put(Headers.LAST_REPLY, lastReply(deferred));
                h.put(Headers.SCHEDULED_DELIVERY, at.at().toEpochMilli());
                out.add(new Handoff(lane(routeHeaders), h));
                deferred.forEach(o -> fates.add(new Fate(o, Fate.Status.DEFERRED, at.at())));
            } else {
                Duration age = ((RetrySchedule.Expired) retryAt).age();
                for (RecipientOutcome o : deferred) {
                    fates.add(new Fate(o, Fate.Status.FAILED, null));
                    bounces.add(new BounceOutcome(o.recipient(), "4.4.7", "delivery time expired after "
                            + (attempts + 1) + " attempts in " + human(age) + "; last reply: " + o.reply().code()
                            + " " + o.reply().text(), o.reply().code(), o.remote() ? mx : null, now));
                }
            }
        }
        for (RecipientOutcome o : failed) {
            fates.add(new Fate(o, Fate.Status.FAILED, null));
            bounces.add(new BounceOutcome(o.recipient(), o.reply().enhanced(), o.reply().text(), o.reply().code(),
                    o.remote() ? mx : null, now));
        }
        if (!bounces.isEmpty()) {
            Map<String, Object> h = headers(envelope.withRecipients(bounces.stream().map(BounceOutcome::recipient)
                    .toList()), attempts);
            h.put(Headers.OUTCOMES, Json.write(bounces));
            out.add(new Handoff(StageQueue.BOUNCE.queueName(), h));
        }
        return new Plan(out, fates);
    }

    /** The same delivery, unchanged, back on the queue until {@code at} (no source free, destination busy). */
    public static Handoff later(Map<String, Object> received, Instant at) {
        Map<String, Object> h = new LinkedHashMap<>(received);
        h.put(Headers.SCHEDULED_DELIVERY, at.toEpochMilli());
        return new Handoff(lane(h), h);
    }

    /** The delivery's lane, or the delivery queue (which sorts it into its lane) when it names none. */
    private static String lane(Map<String, Object> headers) {
        Object lane = headers.get(Lanes.HEADER);
        return lane instanceof String name && Lanes.isLane(name) ? name : StageQueue.DELIVERY.queueName();
    }

    /**
     * The replies that sent these recipients back, each distinct one once ("451 4.7.1 text; 452 ..."), cut at
     * {@link #LAST_REPLY_LIMIT} characters: a receiver chooses the text, and it rides on every copy of the message.
     */
    static String lastReply(List<RecipientOutcome> outcomes) {
        String text = String.join("; ", outcomes.stream().map(o -> o.reply().code()
                + (o.reply().enhanced() == null ? "" : " " + o.reply().enhanced()) + " "
                + String.join(" ", o.reply().lines())).distinct().toList());
        return text.length() <= LAST_REPLY_LIMIT ? text : text.substring(0, LAST_REPLY_LIMIT);
    }

    static final int LAST_REPLY_LIMIT = 500;

    static String human(Duration d) {
        if (d.toDays() > 0) return d.toDays() + "d";
        if (d.toHours() > 0) return d.toHours() + "h";
        if (d.toMinutes() > 0) return d.toMinutes() + "m";
        return d.toSeconds() + "s";
    }

    private static Map<String, Object> headers(Envelope envelope, int attempts) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(Headers.QUEUE_ID, envelope.queueId());
        h.put(Headers.ENVELOPE, EnvelopeJson.write(envelope));
        h.put(Headers.ATTEMPTS, attempts);
        return h;
    }

    private static List<Recipient> recipients(List<RecipientOutcome> outcomes) {
        return outcomes.stream().map(RecipientOutcome::recipient).toList();
    }
}
