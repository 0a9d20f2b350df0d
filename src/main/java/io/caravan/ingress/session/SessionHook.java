package io.caravan.ingress.session;

import io.caravan.message.Envelope;
import io.caravan.smtp.Reply;

import java.net.InetSocketAddress;

/**
 * A per-session policy hook for guards that count or judge what a client
 * does (rate limits per IP, message counts). Each method returns null to let
 * the command go on, or the reply that refuses it. Hooks run on the Netty
 * event loop: they must not block.
 */
public interface SessionHook {

    /** At MAIL FROM, after syntax checks; {@code reversePath} is empty for the null sender. */
    default Reply onMail(InetSocketAddress client, String reversePath) {
        return null;
    }

    /** At RCPT TO, after the relay policy accepted the recipient. */
    default Reply onRcpt(InetSocketAddress client, String forwardPath) {
        return null;
    }

    /**
     * At RCPT TO of a recipient relayed out (the client authenticated or is on a trusted network), after
     * {@link #onRcpt}; {@code authUser} is null when the client did not authenticate.
     */
    default Reply onRelayRcpt(InetSocketAddress client, String authUser, String reversePath, String forwardPath) {
        return null;
    }

    /** When the whole message has arrived, before it is stored. */
    default Reply onMessage(InetSocketAddress client, Envelope envelope, long size) {
        return null;
    }
}
