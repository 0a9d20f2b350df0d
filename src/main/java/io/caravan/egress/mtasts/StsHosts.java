package io.caravan.egress.mtasts;

import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.message.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The delivery side of MTA-STS: host names as policies compare them, and the testing-mode report. */
public final class StsHosts {

    private static final Logger LOG = LoggerFactory.getLogger(StsHosts.class);

    private StsHosts() {
    }

    public static String name(MxTarget target) {
        return StsPolicy.normalise(target.hostname());
    }

    /**
     * A testing policy changes nothing in the delivery (RFC 8461 §5): what enforce would have refused is logged.
     * Only the MX name and whether TLS was used are judged here; the certificate of a host is checked under
     * enforce only, since testing delivers at the domain's own level.
     */
    public static void reportTesting(StsDecision.Testing testing, Envelope envelope, DeliveryResult result) {
        if (!testing.mismatched().isEmpty()) {
            LOG.warn("queue={} MTA-STS testing policy of {}: MX hosts not in the policy: {}; enforce would defer them",
                    envelope.queueId(), testing.domains(), String.join(", ", testing.mismatched()));
        }
        if (result.target() != null && !result.delivered().isEmpty() && !result.tls().used()) {
            LOG.warn("queue={} MTA-STS testing policy of {}: delivered to {} without TLS; enforce would defer it",
                    envelope.queueId(), testing.domains(), result.target());
        }
    }
}
