package io.caravan.bounce;

import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import java.time.Instant;

/**
 * What the DSN says about one recipient: the reply that decided it, the MX host that gave it
 * (null when the failure was local, such as a timeout or an expired message), and when it was
 * last tried.
 */
public record RecipientReport(Recipient recipient, Reply reply, String remoteMta, Instant lastAttempt) {
}
