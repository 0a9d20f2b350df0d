package io.caravan.ingress.command;

import io.caravan.ingress.protocol.InboundEvent;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;

/**
 * DATA: needs a transaction with at least one recipient and no BDAT chunk
 * yet (RFC 3030 §3). A message the framer refused (too big, bare CR/LF, text
 * line too long) is answered only after the end of data and never stored.
 */
final class Data implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (session.transaction() == null) {
            session.reply(ServerReplies.NEED_MAIL);
        } else if (session.transaction().recipients().isEmpty()) {
            session.reply(ServerReplies.NEED_RCPT);
        } else if (session.transaction().chunking()) {
            session.reply(ServerReplies.BAD_SEQUENCE);
        } else if (!argument.isEmpty()) {
            session.reply(ServerReplies.NO_ARGUMENTS);
        } else {
            session.expectData(end -> finish(session, end));
            session.reply(ServerReplies.START_DATA);
        }
    }

    private static void finish(Session session, InboundEvent.DataEnd end) {
        switch (end.problem()) {
            case NONE -> session.deliver(end.body());
            case NO_STORAGE -> refuse(session, ServerReplies.NO_STORAGE);
            case TOO_BIG -> refuse(session, ServerReplies.TOO_BIG);
            case BARE_LINE_ENDING -> refuse(session, ServerReplies.BARE_LINE_ENDING_DATA);
            case LINE_TOO_LONG -> refuse(session, ServerReplies.DATA_LINE_TOO_LONG);
        }
    }

    static void refuse(Session session, io.caravan.smtp.Reply reply) {
        session.resetTransaction();
        session.reply(reply);
        session.transactionDone();
    }
}
