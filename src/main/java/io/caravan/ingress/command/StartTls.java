package io.caravan.ingress.command;

import io.caravan.ingress.protocol.Replies;
import io.caravan.ingress.session.Session;

/** STARTTLS (RFC 3207): once only, without arguments; the session starts over after the handshake. */
final class StartTls implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (session.tls()) {
            session.reply(Replies.ALREADY_TLS);
        } else if (!session.tlsAvailable()) {
            session.reply(Replies.TLS_UNAVAILABLE);
        } else if (!argument.isEmpty()) {
            session.reply(Replies.NO_ARGUMENTS);
        } else {
            session.startTls();
        }
    }
}
