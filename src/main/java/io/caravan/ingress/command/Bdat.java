package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ChunkedBody;
import io.caravan.ingress.protocol.InboundEvent;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;
import io.caravan.ingress.session.InboundTransaction;
import io.caravan.message.Spool;
import io.caravan.smtp.Reply;

import java.util.Locale;

/**
 * BDAT (RFC 3030): the chunk is always read, even when it will be refused,
 * so the session stays in step with the client; the verdict comes after
 * the chunk. Chunks that would take the message past SIZE are skipped
 * without being kept and the transaction ends with 552 5.3.4. The chunks
 * follow DATA's line rules ({@link io.caravan.ingress.protocol.ChunkedText}):
 * a bare CR or LF, or a text line too long, ends the transaction with the
 * same reply DATA gives. Chunk octets go to the transaction's
 * {@link ChunkedBody} as they arrive, which keeps a small message in the heap
 * and spools one above {@link io.caravan.message.MessageBody#IN_MEMORY_LIMIT}
 * as DATA does (a spool file that cannot be written ends the transaction with
 * 452 4.3.1, as in DATA). BDAT LAST (also {@code BDAT 0 LAST}) completes the
 * message, which is then stored with late acknowledgement like DATA; a
 * message of no octets at all is refused.
 */
final class Bdat implements Command {

    @Override
    public void execute(Session session, String argument) {
        String[] parts = argument.split(" +");
        if (argument.isEmpty() || parts.length > 2 || !parts[0].matches("[0-9]{1,18}")
                || parts.length == 2 && !parts[1].toUpperCase(Locale.ROOT).equals("LAST")) {
            session.reply(ServerReplies.syntax("BDAT <octets> [LAST]"));
            return;
        }
        long size = Long.parseLong(parts[0]);
        boolean last = parts.length == 2;
        InboundTransaction t = session.transaction();
        long max = session.settings().maxMessageSize();
        boolean keep = t != null && !t.recipients().isEmpty() && !t.chunkFailed()
                && t.chunkedSize() + size <= max;
        ChunkedBody body = keep ? t.chunkedBody(session.settings().maxTextLine(),
                Spool.directory(session.settings().dataDir())) : null;
        session.expectChunk(size, body, end -> chunkEnd(session, end, keep, last));
    }

    private static void chunkEnd(Session session, InboundEvent.ChunkEnd end, boolean kept, boolean last) {
        InboundTransaction t = session.transaction();
        if (t == null) {
            session.reply(ServerReplies.NEED_MAIL);
            return;
        }
        if (t.recipients().isEmpty()) {
            session.reply(ServerReplies.NEED_RCPT);
            return;
        }
        t.addChunk(end.size(), kept);
        if (t.chunkFailed()) {
            Data.refuse(session, ServerReplies.TOO_BIG); // the transaction's discard deletes a spool file
            return;
        }
        // refused at the chunk that breaks the rules: RFC 3030 §2 lets any BDAT fail the transaction,
        // and the client must then send no more chunks; any it pipelined get 503 (no transaction)
        ChunkedBody body = t.chunkedBody();
        InboundEvent.DataProblem problem = last ? body.finish() : body.problem();
        if (problem == InboundEvent.DataProblem.NO_STORAGE) {
            Data.refuse(session, ServerReplies.NO_STORAGE);
        } else if (problem == InboundEvent.DataProblem.BARE_LINE_ENDING) {
            Data.refuse(session, ServerReplies.BARE_LINE_ENDING_DATA);
        } else if (problem == InboundEvent.DataProblem.LINE_TOO_LONG) {
            Data.refuse(session, ServerReplies.DATA_LINE_TOO_LONG);
        } else if (last && t.chunkedSize() == 0) {
            // BDAT 0 LAST may end a message (RFC 3030 §2), but here it would be the whole of it: an empty
            // message is no RFC 5322 message (no From, no Date), so the transaction fails as a content
            // problem would at the end of DATA, 554 with 5.6.0; 501 would wrongly blame the syntax
            Data.refuse(session, ServerReplies.EMPTY_MESSAGE);
        } else if (last) {
            session.deliver(body.take()); // the spool file, if any, goes with the message from here on
        } else {
            session.reply(Reply.of(250, "2.0.0", end.size() + " octets received"));
        }
    }
}
