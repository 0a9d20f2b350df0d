package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;
import io.caravan.smtp.Reply;

/** HELO: plain SMTP, no extensions; like EHLO it ends any transaction. */
final class Helo implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (argument.isEmpty() || argument.contains(" ")) {
            session.reply(ServerReplies.syntax("HELO hostname"));
            return;
        }
        session.resetTransaction();
        session.greeted(argument, false);
        session.reply(Reply.of(250, null, session.settings().hostname()));
    }
}
