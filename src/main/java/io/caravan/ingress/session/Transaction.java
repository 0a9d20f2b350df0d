package io.caravan.ingress.session;

import io.caravan.ingress.protocol.ChunkedText;
import io.caravan.message.Recipient;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction, from MAIL to the end of data or RSET: the reverse
 * path with its RFC 3461 / 6531 / 8689 parameters, the accepted recipients, and the
 * BDAT chunks received so far.
 */
public final class Transaction {

    private final String mailFrom;
    private final String ret;
    private final String envid;
    private final boolean smtputf8;
    private final boolean requireTls;
    private final List<Recipient> recipients = new ArrayList<>();
    private ByteArrayOutputStream chunks;
    private long chunkedSize;
    private boolean chunkFailed;
    private ChunkedText chunkedText;

    public Transaction(String mailFrom, String ret, String envid, boolean smtputf8) {
        this(mailFrom, ret, envid, smtputf8, false);
    }

    /** @param requireTls REQUIRETLS was given on MAIL (RFC 8689) */
    public Transaction(String mailFrom, String ret, String envid, boolean smtputf8, boolean requireTls) {
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
        return chunks != null || chunkFailed;
    }

    public long chunkedSize() {
        return chunkedSize;
    }

    public boolean chunkFailed() {
        return chunkFailed;
    }

    /** Counts a chunk; keeps it when {@code content} is not null. */
    public void addChunk(byte[] content, long size) {
        if (chunks == null) {
            chunks = new ByteArrayOutputStream();
        }
        chunkedSize += size;
        if (content == null) {
            chunkFailed = true;
        } else if (!chunkFailed) {
            chunks.writeBytes(content);
        }
    }

    /** The line rules over the chunks so far; made at the first chunk, kept for the whole message. */
    public ChunkedText chunkedText(int maxLine) {
        if (chunkedText == null) {
            chunkedText = new ChunkedText(maxLine);
        }
        return chunkedText;
    }

    public byte[] chunkedContent() {
        return chunks == null ? new byte[0] : chunks.toByteArray();
    }
}
