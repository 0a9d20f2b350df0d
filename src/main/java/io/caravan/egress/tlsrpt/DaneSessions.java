package io.caravan.egress.tlsrpt;

import io.caravan.egress.mtasts.StsPolicy;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.tls.Tlsa;
import io.caravan.routing.mx.Dnssec;
import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one attempt of a {@code dane} delivery under a secure MX answer counts for TLS-RPT: one session per dane
 * recipient domain, under policy-type {@code tlsa} whose policy-string is the TLSA records the final host was held
 * to (RFC 8460 §4.4). Only the final host counts, as for MTA-STS. A host without TLSA records (validated denial,
 * insecure address) is delivered at may: no DANE policy applied, so nothing is counted, unless its lookup was
 * bogus, which RFC 8460 §4.3.2.2 names {@code dnssec-invalid}.
 */
public final class DaneSessions {

    private DaneSessions() {
    }

    /**
     * @param domains the delivery's recipient domains whose level is dane (the policy domains)
     * @param result  the client's result, before the route's DNSSEC state is put on it
     * @param source  the address Caravan sent from, null when the system chose it
     */
    public static List<Session> of(Collection<String> domains, DeliveryResult result, String source) {
        if (result.target() == null) {
            return List.of();
        }
        String type = resultType(result);
        if (type == null || type.equals("none")) {
            return List.of();
        }
        String mx = StsPolicy.normalise(result.target().hostname());
        List<String> records = result.tlsa().stream().map(Tlsa::toString).toList();
        List<Session> out = new ArrayList<>();
        for (String domain : domains) {
            PolicyRef policy = new PolicyRef("tlsa", records, domain, List.of(mx));
            out.add(type.equals("success") ? Session.success(policy) : new Session(policy, type, source, mx));
        }
        return out;
    }

    /** "success", an RFC 8460 result type, or "none" when the attempt was no DANE session. */
    static String resultType(DeliveryResult result) {
        Reply reply = result.outcomes().stream().map(RecipientOutcome::reply).filter(r -> r != null)
                .findFirst().orElse(null);
        String enhanced = reply == null ? null : reply.enhanced();
        if (result.tlsa().isEmpty()) {
            // the final host's TLSA answer did not validate: Caravan deferred with 4.7.5 before connecting
            return result.dnssec() == Dnssec.BOGUS && "4.7.5".equals(enhanced) && !result.tls().used()
                    ? "dnssec-invalid" : "none";
        }
        if (result.tls().used()) {
            // TLS without DANE authentication under TLSA records: none of them was usable (RFC 7672 §3.1)
            return "dane".equals(result.tls().verification()) ? "success" : "tlsa-invalid";
        }
        if ("4.7.4".equals(enhanced)) {
            return "starttls-not-supported";
        }
        // a handshake that failed or a chain no record matched; anything else (no connection) had no TLS
        return "4.7.5".equals(enhanced) ? "validation-failure" : "none";
    }
}
