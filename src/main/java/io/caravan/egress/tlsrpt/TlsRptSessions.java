package io.caravan.egress.tlsrpt;

import io.caravan.egress.mtasts.StsDecision;
import io.caravan.egress.mtasts.StsPolicy;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one delivery attempt counts for TLS-RPT: one session per policy domain of the delivery, a success when the
 * message went over TLS (under enforce: verified, as the client demanded it), a failure with the RFC 8460 §4.3
 * result type when TLS failed or the policy left no MX host. An attempt that ended for a reason that is not TLS
 * (no connection, a refusal before STARTTLS) is no TLS session and counts nothing.
 */
public final class TlsRptSessions {

    private TlsRptSessions() {
    }

    /**
     * @param source the address Caravan sent from, null when the system chose it
     * @param first  the first MX host the delivery could use, named for a failure no host answered
     * @param result null when the policy refused the delivery before any connection
     */
    public static List<Session> of(StsDecision decision, DeliveryResult result, String source, MxTarget first) {
        if (decision instanceof StsDecision.AsUsual) {
            return List.of();
        }
        String resultType;
        String mx = result != null && result.target() != null ? result.target().hostname()
                : first == null ? null : first.hostname();
        if (decision instanceof StsDecision.Refuse) {
            resultType = "validation-failure";
        } else if (result.target() != null && result.tls().used()) {
            resultType = decision instanceof StsDecision.Testing t && t.mismatched().contains(normalised(mx))
                    ? "validation-failure" : null;
        } else if (decision instanceof StsDecision.Testing && result.target() != null && !result.delivered().isEmpty()) {
            resultType = "starttls-not-supported";
        } else {
            resultType = result.outcomes().stream().map(RecipientOutcome::reply).map(TlsRptSessions::resultType)
                    .filter(t -> t != null).findFirst().orElse(null);
            if (resultType == null) {
                return List.of();
            }
        }
        List<Session> out = new ArrayList<>();
        for (Map.Entry<String, StsPolicy> e : decision.applied().entrySet()) {
            PolicyRef policy = policy(e.getKey(), e.getValue());
            out.add(resultType == null ? Session.success(policy)
                    : new Session(policy, resultType, source, normalised(mx)));
        }
        return out;
    }

    /** The result type a TLS failure Caravan wrote stands for; null for a reply that is no TLS failure. */
    static String resultType(Reply reply) {
        if (reply == null || reply.enhanced() == null) {
            return null;
        }
        if (reply.enhanced().equals("4.7.4")) {
            return "starttls-not-supported";
        }
        if (!reply.enhanced().equals("4.7.5")) {
            return null;
        }
        String text = reply.text().toLowerCase(Locale.ROOT);
        if (text.contains("no subject alternative") || text.contains("no name matching")
                || text.contains("does not match")) {
            return "certificate-host-mismatch";
        }
        if (text.contains("expired")) {
            return "certificate-expired";
        }
        if (text.contains("pkix") || text.contains("certification path") || text.contains("not trusted")) {
            return "certificate-not-trusted";
        }
        return "validation-failure";
    }

    /** The policy as a report names it: its lines in RFC 8461 §3.2 form and its mx patterns. */
    static PolicyRef policy(String domain, StsPolicy p) {
        List<String> lines = new ArrayList<>();
        lines.add("version: STSv1");
        lines.add("mode: " + p.mode().name().toLowerCase(Locale.ROOT));
        p.mx().forEach(mx -> lines.add("mx: " + mx));
        lines.add("max_age: " + p.maxAge().toSeconds());
        return new PolicyRef("sts", lines, domain, p.mx());
    }

    private static String normalised(String host) {
        return host == null ? null : StsPolicy.normalise(host);
    }
}
