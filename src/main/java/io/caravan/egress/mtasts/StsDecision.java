package io.caravan.egress.mtasts;

import java.util.List;

/** What the recipient domains' MTA-STS policies make of one delivery. */
public sealed interface StsDecision {

    /** No policy applies: the domain's tls_policy level decides alone. */
    record AsUsual() implements StsDecision {
    }

    /** Deliver only to these MX hosts (names), each with a PKIX-valid certificate for its name. */
    record Enforce(List<String> hosts, String domains) implements StsDecision {
        public Enforce {
            hosts = List.copyOf(hosts);
        }
    }

    /** No MX host may be used: the delivery is deferred without connecting. */
    record Refuse(String why) implements StsDecision {
    }

    /**
     * A policy in testing mode: deliver as usual, and report what enforce would have refused.
     *
     * @param mismatched the MX hosts no testing policy's mx patterns match
     */
    record Testing(List<String> mismatched, String domains) implements StsDecision {
        public Testing {
            mismatched = List.copyOf(mismatched);
        }
    }
}
