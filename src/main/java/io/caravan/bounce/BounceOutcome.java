package io.caravan.bounce;

import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import java.time.Instant;
import java.util.List;

/**
 * One failed recipient as it travels to the bounce stage (JSON list in {@code CaravanOutcomes}).
 * The routing stage fills recipient, status and text; egress adds the reply code, the remote MTA
 * and the time of the attempt, so the DSN can quote the receiver's full reply and name it.
 *
 * @param status    RFC 3463 status (e.g. 5.1.1), or null when the reply carried none
 * @param text      the reply text, lines joined with a newline
 * @param code      the SMTP reply code, or null when no reply was involved (a routing decision)
 * @param remoteMta the MX host that gave the reply, or null for a local decision
 */
public record BounceOutcome(Recipient recipient, String status, String text, Integer code, String remoteMta,
                            Instant lastAttempt) {

    /** The reply the DSN quotes; a local decision without a code gets x50 of its status class. */
    public RecipientReport report() {
        int c = code != null ? code : status != null && status.startsWith("4") ? 450 : 550;
        List<String> lines = List.of((text == null ? "" : text).split("\n", -1));
        return new RecipientReport(recipient, new Reply(c, status, lines), remoteMta, lastAttempt);
    }
}
