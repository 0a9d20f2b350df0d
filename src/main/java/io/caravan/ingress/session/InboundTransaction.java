package io.caravan.ingress.session;

import io.caravan.ingress.protocol.ChunkedBody;
import io.caravan.message.Recipient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction, from MAIL to the end of data or RSET: the reverse
 * path with its RFC 3461 / 6531 / 8689 parameters, the accepted recipients, and the
 * message its BDAT chunks have built so far ({@link ChunkedBody}: in the heap
 * while small, spooled above {@link io.caravan.message.MessageBody#IN_MEMORY_LIMIT}).
 * Whoever ends a transaction calls {@link #discard()}, which deletes a spool
 * file the message has not been handed on with.
 */
public final class InboundTransaction {

    private final String mailFrom;
    private final String ret;
    private final String envid;
    private final boolean smtputf8;
    private final boolean requireTls;
    private final List<Recipient> recipients = new ArrayList<>();
    private ChunkedBody chunkedBody;
    private boolean chunking;
    private long chunkedSize;
    private boolean chunkFailed;

    public InboundTransaction(String mailFrom, String ret, String envid, boolean smtputf8) {
        this(mailFrom, ret, envid, smtputf8, false);
    }

    /** @param requireTls REQUIRETLS was given on MAIL (RFC 8689) */
    public InboundTransaction(String mailFrom, String ret, String envid, boolean smtputf8, boolean requireTls) {
        this.mailFrom = mailFrom;
        this.ret = ret;
        this.envid = envid;
        this.smtputf8 = smtputf8;
        this.requireTls = requireTls;
    }

    public boolean requireTls() {
        return requireTls;
    }

    public String mailFrom() {
        return mailFrom;
    }

    public String ret() {
        return ret;
    }

    public String envid() {
        return envid;
    }

    public boolean smtputf8() {
        return smtputf8;
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public void addRecipient(Recipient recipient) {
        recipients.add(recipient);
    }

    /** Whether BDAT has started: DATA may no longer be used (RFC 3030 §3). */
    public boolean chunking() {
        return chunking;
    }

    /** The octets of all chunks so far, kept or not. */
    public long chunkedSize() {
        return chunkedSize;
    }

    public boolean chunkFailed() {
        return chunkFailed;
    }

    /** Counts a chunk at its end; {@code kept} is false when its octets were skipped (too big). */
    public void addChunk(long size, boolean kept) {
        chunking = true;
        chunkedSize += size;
        if (!kept) {
            chunkFailed = true;
        }
    }

    /**
     * The message the chunks go to; made at the first kept chunk, kept for the whole message.
     *
     * @param maxLine the longest text line without CRLF
     * @param spool   where the message is spooled once it passes the in-memory limit
     */
    public ChunkedBody chunkedBody(int maxLine, Path spool) {
        if (chunkedBody == null) {
            chunkedBody = new ChunkedBody(maxLine, spool);
        }
        return chunkedBody;
    }

    /** The message the chunks went to, or null before the first kept chunk. */
    public ChunkedBody chunkedBody() {
        return chunkedBody;
    }

    /** Deletes what the transaction still holds on disk: a spool file not yet handed on (RSET, refusal, close). */
    public void discard() {
        if (chunkedBody != null) {
            chunkedBody.discard();
        }
    }
}
