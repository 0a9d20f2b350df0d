package io.caravan.egress.mtasts;

import java.util.List;
import java.util.Map;

/**
 * What the recipient domains' MTA-STS policies make of one delivery. Each decision other than {@link AsUsual}
 * keeps the policies it came from (domain to policy), which TLS-RPT reports per policy domain.
 */
public sealed interface StsDecision {

    /** The policies behind a decision, domain to policy; empty where none is known. */
    Map<String, StsPolicy> applied();

    /** No policy applies: the domain's tls_policy level decides alone. */
    record AsUsual() implements StsDecision {
        @Override
        public Map<String, StsPolicy> applied() {
            return Map.of();
        }
    }

    /** Deliver only to these MX hosts (names), each with a PKIX-valid certificate for its name. */
    record Enforce(List<String> hosts, String domains, Map<String, StsPolicy> applied) implements StsDecision {
        public Enforce {
            hosts = List.copyOf(hosts);
            applied = Map.copyOf(applied);
        }

        public Enforce(List<String> hosts, String domains) {
            this(hosts, domains, Map.of());
        }
    }

    /** No MX host may be used: the delivery is deferred without connecting. */
    record Refuse(String why, Map<String, StsPolicy> applied) implements StsDecision {
        public Refuse {
            applied = Map.copyOf(applied);
        }

        public Refuse(String why) {
            this(why, Map.of());
        }
    }

    /**
     * A policy in testing mode: deliver as usual, and report what enforce would have refused.
     *
     * @param mismatched the MX hosts no testing policy's mx patterns match
     */
    record Testing(List<String> mismatched, String domains, Map<String, StsPolicy> applied) implements StsDecision {
        public Testing {
            mismatched = List.copyOf(mismatched);
            applied = Map.copyOf(applied);
        }

        public Testing(List<String> mismatched, String domains) {
            this(mismatched, domains, Map.of());
        }
    }
}
