package io.caravan.egress.smtp;

import io.caravan.egress.tls.Tlsa;
import io.caravan.routing.mx.Dnssec;
import java.util.List;

/**
 * The outcome of one delivery attempt of one message to one next hop: one outcome per recipient,
 * in envelope order, and the peer and TLS state of the session that decided them.
 *
 * @param target the MX host that gave the final answer, or null when no host was reached
 * @param attempts what happened at each host tried before (failover), for logs
 * @param dnssec   what DNSSEC validation made of the destination's answers (MX, addresses, TLSA);
 *                 null when they were not validated (the destination's level is not dane)
 * @param setupNanos        the client's time before the transaction that decided the outcomes: connections,
 *                          greeting, EHLO, STARTTLS, hosts that failed before (all of it when no transaction began)
 * @param transmissionNanos the transaction that decided them, MAIL to its last reply (0 when none began)
 * @param tlsa     the validated TLSA records the final host was held to (dane), empty when none applied: a
 *                 TLS report names them as the policy of the session (RFC 8460 §4.4)
 */
public record DeliveryResult(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls,
                             List<String> attempts, Dnssec dnssec, long setupNanos, long transmissionNanos,
                             List<Tlsa> tlsa) {

    public DeliveryResult {
        outcomes = List.copyOf(outcomes);
        attempts = List.copyOf(attempts);
        tlsa = List.copyOf(tlsa);
    }

    public DeliveryResult(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls, List<String> attempts,
                          Dnssec dnssec, long setupNanos, long transmissionNanos) {
        this(outcomes, target, tls, attempts, dnssec, setupNanos, transmissionNanos, List.of());
    }

    public DeliveryResult(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls, List<String> attempts) {
        this(outcomes, target, tls, attempts, null);
    }

    /** Every recipient refused with the same reply made up here, before any connection ({@code why} for logs). */
    public static DeliveryResult refused(List<io.caravan.message.Recipient> recipients, MxTarget target,
                                         io.caravan.smtp.Reply reply, String why) {
        List<RecipientOutcome> outcomes = recipients.stream()
                .map(r -> new RecipientOutcome(r, reply, Phase.CONNECT, false)).toList();
        return new DeliveryResult(outcomes, target, TlsInfo.NONE, List.of(why));
    }

    /** A result without a measured session (made up before any connection). */
    public DeliveryResult(List<RecipientOutcome> outcomes, MxTarget target, TlsInfo tls, List<String> attempts,
                          Dnssec dnssec) {
        this(outcomes, target, tls, attempts, dnssec, 0, 0);
    }

    /**
     * This result with the DNSSEC state of its route (the MX answer's): bogus when no host could be
     * tried for a bogus TLSA answer; insecure when the host that answered had no secure address.
     */
    public DeliveryResult withDnssec(Dnssec route) {
        Dnssec state = dnssec == Dnssec.BOGUS ? dnssec
                : route == Dnssec.SECURE && target != null && !target.secure() ? Dnssec.INSECURE : route;
        return new DeliveryResult(outcomes, target, tls, attempts, state, setupNanos, transmissionNanos, tlsa);
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
