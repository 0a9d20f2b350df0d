package io.caravan.ingress.protocol;

import io.caravan.message.MessageBody;
import io.caravan.message.Spool;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message of one BDAT transaction, built from its chunks as their octets arrive: checked against DATA's
 * line rules ({@link ChunkedText}, whose state carries across chunk boundaries), kept in the heap up to
 * {@link MessageBody#IN_MEMORY_LIMIT} and, once the message passes it, in a spool file of the data directory
 * written in 64 KiB pieces, as {@link DataReader} does for DATA. So a message of the size limit costs a few
 * buffers of heap however the client cuts it into chunks, one chunk of 50 MiB included.
 *
 * <p>Once the message breaks a line rule, or its spool file cannot be written, nothing more of it is kept and
 * the spool file is deleted; the octets still arriving in that chunk are only counted by the framer, so the
 * session stays in step and refuses the transaction at the end of the chunk. The spool file belongs to this
 * body until {@link #take()} hands it on with the message; {@link #discard()} (RSET, a refusal, the end of the
 * session) deletes it before that.
 */
public final class ChunkedBody implements ChunkSink {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedBody.class);
    private static final int SPOOL_WRITE = 64 * 1024;

    private final Path spool;
    private final ChunkedText text;
    private ByteArrayOutputStream heap = new ByteArrayOutputStream(8192);
    private Path file;
    private Spool.Counting out;
    private long kept;
    private boolean storageFailed;
    private boolean done;
    private boolean finished;

    /**
     * @param maxLine the longest text line without CRLF (RFC 5322: 998)
     * @param spool   where a message above {@link MessageBody#IN_MEMORY_LIMIT} is spooled; null keeps all in the heap
     */
    public ChunkedBody(int maxLine, Path spool) {
        this.text = new ChunkedText(maxLine);
        this.spool = spool;
    }

    @Override
    public void write(byte[] b, int offset, int length) {
        if (done) {
            return; // refused, discarded or taken: the rest is only counted
        }
        if (text.add(b, offset, length) != InboundEvent.DataProblem.NONE) {
            drop();
            return;
        }
        try {
            if (out == null && spool != null && kept + length > MessageBody.IN_MEMORY_LIMIT) {
                file = Spool.newFile(spool);
                out = new Spool.Counting(new BufferedOutputStream(Files.newOutputStream(file), SPOOL_WRITE));
                heap.writeTo(out);
                heap = null;
            }
            if (out != null) {
                out.write(b, offset, length);
            } else {
                heap.write(b, offset, length);
            }
            kept += length;
        } catch (IOException e) {
            LOG.warn("cannot spool a message to {}: {}", spool, e.toString());
            storageFailed = true;
            drop();
        }
    }

    /** The octets kept so far. */
    public long size() {
        return kept;
    }

    /** Whether the message is in a spool file rather than the heap. */
    public boolean spooled() {
        return file != null;
    }

    /**
     * The first problem so far: NO_STORAGE when the spool file could not be written, BARE_LINE_ENDING or
     * LINE_TOO_LONG when a line rule was broken, NONE otherwise.
     */
    public InboundEvent.DataProblem problem() {
        return storageFailed ? InboundEvent.DataProblem.NO_STORAGE : text.problem();
    }

    /** After the LAST chunk: a CR left open is bare; the spool file is completed. The problem, NONE if none. */
    public InboundEvent.DataProblem finish() {
        finished = true;
        if (text.finish() != InboundEvent.DataProblem.NONE) {
            drop();
        } else if (out != null && !done) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("cannot spool a message to {}: {}", spool, e.toString());
                storageFailed = true;
                drop();
            }
        }
        return problem();
    }

    /**
     * The message, once {@link #finish()} found no problem. From here on the caller owns its spool file, if any,
     * and this body keeps nothing.
     */
    public MessageBody take() {
        if (done || !finished) {
            throw new IllegalStateException(done ? "no message to take" : "the message is not finished");
        }
        MessageBody body = out == null ? new MessageBody.Bytes(heap.toByteArray())
                : new MessageBody.Spooled(file, out.count(), out.eightBit());
        done = true;
        heap = null;
        out = null;
        file = null;
        return body;
    }

    /** Deletes the spool file, if this body still has one, and keeps nothing more. */
    public void discard() {
        drop();
    }

    private void drop() {
        done = true;
        heap = null;
        Spool.discard(out, file);
        out = null;
        file = null;
    }
}
