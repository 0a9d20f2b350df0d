package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;

/** RSET: abandons the transaction; the greeting and any TLS/AUTH state stay (RFC 5321 §4.1.1.5). */
final class Rset implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(ServerReplies.NO_ARGUMENTS);
            return;
        }
        session.resetTransaction();
        session.reply(ServerReplies.OK);
    }
}
