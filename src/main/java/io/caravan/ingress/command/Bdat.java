package io.caravan.ingress.command;

import io.caravan.ingress.protocol.InboundEvent;
import io.caravan.ingress.protocol.Replies;
import io.caravan.ingress.session.Session;
import io.caravan.ingress.session.Transaction;
import io.caravan.smtp.Reply;

import java.util.Locale;

/**
 * BDAT (RFC 3030): the chunk is always read, even when it will be refused,
 * so the session stays in step with the client; the verdict comes after
 * the chunk. Chunks that would take the message past SIZE are skipped
 * without being kept and the transaction ends with 552 5.3.4. BDAT LAST
 * (also {@code BDAT 0 LAST}) completes the message, which is then stored
 * with late acknowledgement like DATA.
 */
final class Bdat implements Command {

    @Override
    public void execute(Session session, String argument) {
        String[] parts = argument.split(" +");
        if (argument.isEmpty() || parts.length > 2 || !parts[0].matches("[0-9]{1,18}")
                || parts.length == 2 && !parts[1].toUpperCase(Locale.ROOT).equals("LAST")) {
            session.reply(Replies.syntax("BDAT <octets> [LAST]"));
            return;
        }
        long size = Long.parseLong(parts[0]);
        boolean last = parts.length == 2;
        Transaction t = session.transaction();
        long max = session.settings().maxMessageSize();
        boolean keep = t != null && !t.recipients().isEmpty() && !t.chunkFailed()
                && t.chunkedSize() + size <= max;
        session.expectChunk(size, keep, end -> chunkEnd(session, end, last));
    }

    private static void chunkEnd(Session session, InboundEvent.ChunkEnd end, boolean last) {
        Transaction t = session.transaction();
        if (t == null) {
            session.reply(Replies.NEED_MAIL);
            return;
        }
        if (t.recipients().isEmpty()) {
            session.reply(Replies.NEED_RCPT);
            return;
        }
        t.addChunk(end.content(), end.size());
        if (t.chunkFailed()) {
            Data.refuse(session, Replies.TOO_BIG);
        } else if (last) {
            session.deliver(new io.caravan.message.MessageBody.Bytes(t.chunkedContent()));
        } else {
            session.reply(Reply.of(250, "2.0.0", end.size() + " octets received"));
        }
    }
}
