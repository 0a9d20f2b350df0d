package io.caravan.ingress;

import io.caravan.feedback.Suppression;
import io.caravan.feedback.SuppressionList;

import io.caravan.ingress.session.SessionHook;
import io.caravan.smtp.Reply;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Refuses, at RCPT, a recipient that is suppressed for the sender of mail relayed out (an authenticated
 * submission or a trusted network), with a 550 that says why: the client's list should drop the address.
 */
public final class SuppressionHook implements SessionHook {

    private final SuppressionList list;

    public SuppressionHook(SuppressionList list) {
        this.list = list;
    }

    @Override
    public Reply onRelayRcpt(InetSocketAddress client, String authUser, String reversePath, String forwardPath) {
        Optional<Suppression> s = list.find(reversePath, authUser, forwardPath);
        return s.map(SuppressionHook::refusal).orElse(null);
    }

    static Reply refusal(Suppression s) {
        return switch (s.reason()) {
            case BOUNCE -> Reply.of(550, "5.1.1", "<" + s.recipient() + "> is suppressed after a hard bounce;"
                    + " remove it from your list");
            case COMPLAINT -> Reply.of(550, "5.7.1", "<" + s.recipient() + "> is suppressed after a spam complaint;"
                    + " remove it from your list");
            default -> Reply.of(550, "5.7.1", "<" + s.recipient() + "> is suppressed for this sender");
        };
    }
}
