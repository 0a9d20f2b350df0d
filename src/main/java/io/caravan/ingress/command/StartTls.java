package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;

/** STARTTLS (RFC 3207): once only, without arguments; the session starts over after the handshake. */
final class StartTls implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (session.tls()) {
            session.reply(ServerReplies.ALREADY_TLS);
        } else if (!session.tlsAvailable()) {
            session.reply(ServerReplies.TLS_UNAVAILABLE);
        } else if (!argument.isEmpty()) {
            session.reply(ServerReplies.NO_ARGUMENTS);
        } else {
            session.startTls();
        }
    }
}
