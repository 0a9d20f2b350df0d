package io.caravan.bounce;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;

/**
 * A built delivery status notification: the RFC 5322 bytes and who it goes to. Its envelope
 * sender is always the null reverse path (RFC 5321 §4.5.5, RFC 3464 §2), so a DSN can never
 * cause another DSN.
 */
public record Dsn(String to, byte[] message) {

    /** The envelope to queue the DSN with: null sender, one recipient, no DSN parameters. */
    public Envelope envelope(String queueId, String reportingMta, Instant now) {
        return new Envelope(queueId, "", List.of(Recipient.of(to)), null, null, false, null,
                "127.0.0.1", reportingMta, now);
    }
}
