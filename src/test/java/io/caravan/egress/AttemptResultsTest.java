package io.caravan.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.bounce.BounceOutcome;
import io.caravan.broker.StageQueue;
import io.caravan.egress.retry.RetrySchedule;
import io.caravan.egress.retry.RetrySettings;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Recipient;
import io.caravan.reputation.ReplyFeedback.Next;
import io.caravan.smtp.Reply;
import com.fasterxml.jackson.core.type.TypeReference;
import io.caravan.message.Json;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where each recipient goes after one attempt: done, back to the delivery queue, or to the bounce queue. */
class AttemptResultsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @ParameterizedTest(name = "{0} at age {1}h, attempt {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // replies per recipient a,b,c | age | earlier attempts | expected hand-offs (queue:recipients[:detail])
            // | fates a,b,c: d delivered, w deferred (waits), f failed
            "250 250 250 | 0   | 0 | | d d d",
            "250 451 250 | 0   | 0 | delivery:b:attempts=1,in=5m:451 4.1.1 reply 451 | d w d",
            "451 451 451 | 1   | 3 | delivery:a b c:attempts=4,in=40m:451 4.1.1 reply 451 | w w w",
            "451 452 250 | 0   | 0 | delivery:a b:attempts=1,in=5m:451 4.1.1 reply 451; 452 4.1.1 reply 452 | w w d",
            "250 550 250 | 0   | 0 | bounce:b:5.1.1 550 mx.example.net | d f d",
            "451 550 250 | 0   | 0 | delivery:a:attempts=1,in=5m:451 4.1.1 reply 451; bounce:b:5.1.1 550 mx.example.net | w f d",
            "451 250 250 | 121 | 7 | bounce:a:4.4.7 451 mx.example.net | f d d",
            "451 550 250 | 121 | 7 | bounce:a b:4.4.7 451 mx.example.net | f f d",
            "L451 250 250 | 0  | 0 | delivery:a:attempts=1,in=5m:451 4.1.1 reply 451 | w d d",
            "L550 250 250 | 0  | 0 | bounce:a:5.1.1 550 - | f d d",
    })
    void sortsRecipients(String replies, int ageHours, int attempts, String expected, String fates) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RetrySettings settings = new RetrySettings(Duration.ofMinutes(5), 2, Duration.ofHours(4), Duration.ofDays(5), 0);
        AttemptResults results = new AttemptResults(new RetrySchedule(settings, clock, new Random(1)), clock);
        String[] codes = replies.split(" ");
        List<Recipient> recipients = new ArrayList<>();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            Recipient r = Recipient.of((char) ('a' + i) + "@example.net");
            recipients.add(r);
            boolean local = codes[i].startsWith("L");
            int code = Integer.parseInt(codes[i].replace("L", ""));
            Reply reply = Reply.of(code, code / 100 + ".1.1", "reply " + code);
            outcomes.add(new RecipientOutcome(r, reply, Phase.RCPT, !local));
        }
        Envelope envelope = new Envelope("Q1", "s@example.org", recipients, null, null, false, null, "127.0.0.1",
                "c.example.org", NOW.minus(Duration.ofHours(ageHours)));
        DeliveryResult result = new DeliveryResult(outcomes,
                new MxTarget("mx.example.net", InetAddress.getLoopbackAddress(), 25), TlsInfo.NONE, List.of());

        AttemptResults.Plan plan = results.plan(envelope, Map.of(Headers.POOL, "tx"), attempts, result, Map.of());
        List<String> got = new ArrayList<>();
        for (AttemptResults.Handoff h : plan.handoffs()) {
            got.add(describe(h));
        }
        assertEquals(expected == null ? "" : expected, String.join("; ", got));
        assertEquals(fates, String.join(" ", recipients.stream().map(r -> plan.fates().stream()
                .filter(f -> f.outcome().recipient().equals(r))
                .map(f -> f.status().name().equals("DEFERRED") ? "w" : f.status().name().substring(0, 1).toLowerCase())
                .reduce("", String::concat)).toList()), "each recipient has exactly one fate");
    }

    /** A reply rule may defer a 5xx about our IP (the mail is fine) or bounce a 4xx; the rule wins over the code. */
    @ParameterizedTest(name = "{0} judged {1} -> {2}")
    @CsvSource({
            "550, DEFER, delivery, true",
            "451, BOUNCE, bounce, false",
            "451, DEFER, delivery, true",
            "550, BOUNCE, bounce, false",
            "421, RETRY_ELSEWHERE, delivery, false",
            "550, RETRY_ELSEWHERE, delivery, false",
    })
    void ruleDecidesOverTheCodeClass(int code, Next judged, String queue, boolean scheduled) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        AttemptResults results = new AttemptResults(new RetrySchedule(RetrySettings.defaults(), clock, new Random(1)),
                clock);
        Recipient r = Recipient.of("a@example.net");
        Envelope envelope = new Envelope("Q2", "s@example.org", List.of(r), null, null, false, null, "127.0.0.1",
                "c.example.org", NOW);
        DeliveryResult result = new DeliveryResult(List.of(new RecipientOutcome(r,
                Reply.of(code, code / 100 + ".7.1", "low reputation of the sending IP"), Phase.RCPT, true)),
                null, TlsInfo.NONE, List.of());
        List<AttemptResults.Handoff> out = results.plan(envelope, Map.of(), 0, result, Map.of(r, judged)).handoffs();
        assertEquals(1, out.size());
        assertEquals("caravan." + queue, out.get(0).queue());
        assertEquals(scheduled, out.get(0).headers().containsKey(Headers.SCHEDULED_DELIVERY),
                "a retry elsewhere goes again at once; a deferral waits for the schedule");
        if (queue.equals("delivery")) {
            assertEquals(code + " " + code / 100 + ".7.1 low reputation of the sending IP",
                    out.get(0).headers().get(Headers.LAST_REPLY), "what sent it back, for the queue tool");
        }
    }

    private static String describe(AttemptResults.Handoff h) {
        Envelope e = EnvelopeJson.read((String) h.headers().get(Headers.ENVELOPE));
        String who = String.join(" ", e.recipients().stream().map(r -> r.address().substring(0, 1)).toList());
        if (h.queue().equals(StageQueue.DELIVERY.queueName())) {
            assertEquals("tx", h.headers().get(Headers.POOL), "route headers are kept on a retry");
            long in = ((Long) h.headers().get(Headers.SCHEDULED_DELIVERY) - NOW.toEpochMilli()) / 60_000;
            return "delivery:" + who + ":attempts=" + h.headers().get(Headers.ATTEMPTS) + ",in=" + in + "m:"
                    + h.headers().get(Headers.LAST_REPLY);
        }
        assertEquals(StageQueue.BOUNCE.queueName(), h.queue());
        List<BounceOutcome> outcomes = Json.MAPPER.convertValue(
                Json.read((String) h.headers().get(Headers.OUTCOMES), List.class), new TypeReference<>() { });
        BounceOutcome first = outcomes.get(outcomes.size() - 1);
        BounceOutcome head = outcomes.get(0);
        return "bounce:" + who + ":" + head.status() + " " + head.code() + " "
                + (first.remoteMta() == null ? "-" : first.remoteMta());
    }
}
