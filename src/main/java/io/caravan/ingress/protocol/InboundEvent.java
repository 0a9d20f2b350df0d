package io.caravan.ingress.protocol;

import io.caravan.message.MessageBody;

/**
 * What the framer hands to the session: a whole command line, a refused
 * command line, the end of a DATA body, or the end of one BDAT chunk. The
 * session never sees raw bytes, so no verb can be confused by how the
 * client split its writes.
 */
public sealed interface InboundEvent {

    /** A command line terminated by CRLF, without the CRLF. */
    record CommandLine(String text) implements InboundEvent {
    }

    /** A command line refused by the framer; it is never interpreted. */
    record BadCommandLine(LineProblem problem) implements InboundEvent {
    }

    /**
     * The end of a DATA body ({@code <CRLF>.<CRLF>} seen).
     *
     * @param content the dot-unstuffed message, or null when a problem means it must not be stored
     * @param problem what was wrong, NONE when the message may be stored
     * @param size    the unstuffed size in octets, counted even when the content was dropped
     * @param spooled the message when it was too large to keep in the heap (content is null then)
     */
    record DataEnd(byte[] content, DataProblem problem, long size, MessageBody spooled) implements InboundEvent {
        public DataEnd(byte[] content, DataProblem problem, long size) {
            this(content, problem, size, null);
        }

        /** What to store: the spooled body, or the content. */
        public MessageBody body() {
            return spooled != null ? spooled : new MessageBody.Bytes(content);
        }
    }

    /**
     * The end of one BDAT chunk, whose octets went to the sink the session gave the framer, or nowhere.
     *
     * @param size the chunk size in octets
     */
    record ChunkEnd(long size) implements InboundEvent {
    }

    enum LineProblem {
        /** A CR or LF not part of a CRLF pair: a smuggling attempt or a broken client. */
        BARE_LINE_ENDING,
        /** Longer than the configured command line limit (RFC 5321 §4.5.3.1.4). */
        TOO_LONG
    }

    enum DataProblem {
        /** The spool file of a large message could not be written (disk full): try again later. */
        NO_STORAGE,
        NONE,
        /** Larger than the announced SIZE. */
        TOO_BIG,
        /** A bare CR or LF in the body (RFC 5321 §2.3.8): the SMTP smuggling vector. */
        BARE_LINE_ENDING,
        /** A text line over 998 octets (RFC 5322 §2.1.1). */
        LINE_TOO_LONG
    }
}
