package io.caravan.egress.smtp;

import java.util.List;

/**
 * The outcome of one delivery attempt of one message to one next hop: one outcome per recipient,
 * in envelope order, and the peer and TLS state of the session that decided them.
 *
 * @param target the MX host that gave the final answer, or null when no host was reached
 * @param attempts what happened at each host tried before (failover), for logs
 */
public record DeliveryResult(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls,
                             List<String> attempts) {

    public DeliveryResult {
        outcomes = List.copyOf(outcomes);
        attempts = List.copyOf(attempts);
    }

    public List<RecipientOutcome> delivered() {
        return outcomes.stream().filter(RecipientOutcome::delivered).toList();
    }

    public List<RecipientOutcome> deferred() {
        return outcomes.stream().filter(RecipientOutcome::deferred).toList();
    }

    public List<RecipientOutcome> bounced() {
        return outcomes.stream().filter(RecipientOutcome::bounced).toList();
    }
}
