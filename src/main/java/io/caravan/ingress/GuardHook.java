package io.caravan.ingress;

import io.caravan.ingress.guard.IngressGuards;
import io.caravan.ingress.guard.MessageRateLimiter;
import io.caravan.ingress.session.SessionHook;
import io.caravan.smtp.Reply;
import java.net.InetSocketAddress;

/**
 * The guards' checks at MAIL FROM: the per-client message rate, and whether
 * the broker and the disk can take another message. Refusing at MAIL costs the
 * client one round trip instead of a whole DATA phase.
 */
final class GuardHook implements SessionHook {

    private final IngressGuards guards;

    GuardHook(IngressGuards guards) {
        this.guards = guards;
    }

    @Override
    public Reply onMail(InetSocketAddress client, String reversePath) {
        if (guards.gate() != null) {
            var refused = guards.gate().checkAtMail();
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return guards.messages().tryAcceptMessage(client.getAddress()) ? null : MessageRateLimiter.RATE_EXCEEDED;
    }
}
