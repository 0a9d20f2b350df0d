package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;

/** VRFY: never confirms nor denies a mailbox (252, RFC 5321 §3.5.3), so it cannot be used to harvest addresses. */
final class Vrfy implements Command {

    @Override
    public void execute(Session session, String argument) {
        session.reply(argument.isEmpty() ? ServerReplies.syntax("VRFY address") : ServerReplies.VRFY);
    }
}
