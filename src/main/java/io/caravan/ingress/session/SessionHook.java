package io.caravan.ingress.session;

import io.caravan.message.Envelope;
import io.caravan.smtp.Reply;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

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

    /**
     * At MAIL FROM and at each RCPT TO, after every other check let the command through: a question
     * answered later, off the event loop, with a refusal or with null (the command goes on). Returns null
     * when this hook has nothing to ask, which must cost next to nothing: it is asked for every command.
     */
    default CompletionStage<Reply> askPolicy(PolicyQuestion question) {
        return null;
    }

    /** When the whole message has arrived, before it is stored. */
    default Reply onMessage(InetSocketAddress client, Envelope envelope, long size) {
        return null;
    }
}
