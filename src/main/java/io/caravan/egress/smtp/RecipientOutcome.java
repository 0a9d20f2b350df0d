package io.caravan.egress.smtp;

import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;

/**
 * What happened to one recipient in one delivery attempt.
 *
 * @param reply  the reply that decided it, every line kept
 * @param phase  the dialogue step the reply answered
 * @param remote true when the remote server said it; false for a reply Caravan wrote itself
 *               (connection refused, timeout, TLS or DANE failure), so a classifier never takes a
 *               local problem for a provider's verdict
 */
public record RecipientOutcome(Recipient recipient, Reply reply, Phase phase, boolean remote) {

    public boolean delivered() {
        return reply.positive();
    }

    public boolean deferred() {
        return reply.transientFailure();
    }

    public boolean bounced() {
        return reply.permanentFailure();
    }
}
