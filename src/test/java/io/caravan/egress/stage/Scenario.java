package io.caravan.egress.stage;

import io.caravan.broker.StageQueue;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Recipient;
import io.caravan.testing.Jms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Shared steps of the egress stage scenarios: accepted mail in, waiting for what comes out. */
final class Scenario {

    static final String SENDER = "sender@example.org";

    private Scenario() {
    }

    /** A message as ingress would have queued it, with some bytes that need care on the wire. */
    static byte[] message(String queueId) {
        return ("From: <" + SENDER + ">\r\nTo: <rcpt@example.net>\r\nSubject: " + queueId
                + "\r\nMessage-ID: <" + queueId + "@example.org>\r\n\r\n"
                + "Line one\r\n.leading dot\r\n..two dots\r\ntrailing space \r\n\u00e9t\u00e9 in UTF-8\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void accept(Jms jms, String queueId, byte[] body, String... recipients) throws Exception {
        List<Recipient> list = java.util.Arrays.stream(recipients).map(Recipient::of).toList();
        Envelope envelope = new Envelope(queueId, SENDER, list, null, null, false, null, "127.0.0.1",
                "client.example.org", Instant.now());
        jms.send(StageQueue.INCOMING.queueName(), queueId, body, EnvelopeJson.write(envelope));
    }

    static <T> T await(Callable<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = probe.call();
        }
        return last;
    }
}
