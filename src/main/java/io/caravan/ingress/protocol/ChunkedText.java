package io.caravan.ingress.protocol;

/**
 * The line rules DATA applies ({@link DataReader}), for a message that arrives in BDAT chunks:
 * every CR must be followed by LF and every LF preceded by CR, and no text line may exceed the
 * limit. We do not offer BINARYMIME, so a BDAT message is text like any other (RFC 3030 §2).
 * Letting bare line endings through BDAT would reopen the SMTP smuggling hole DATA closes: the
 * message is relayed with DATA, where a receiver that takes {@code <LF>.<LF>} or
 * {@code <CR>.<CR>} as the end of data would read what follows as a second message.
 *
 * <p>A CRLF may be split across two chunks, so the state carries over; only a CR left open by
 * the LAST chunk is bare. A message that simply does not end with CRLF is not refused: egress
 * adds the final CRLF, as it does for DATA.
 */
public final class ChunkedText {

    private final int maxLine;
    private boolean pendingCr;
    private long lineLength;
    private InboundEvent.DataProblem problem = InboundEvent.DataProblem.NONE;

    /** @param maxLine the longest text line without CRLF (RFC 5322: 998) */
    public ChunkedText(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Reads one chunk; returns the first problem seen so far in the message, NONE when there is none. */
    public InboundEvent.DataProblem add(byte[] chunk) {
        return add(chunk, 0, chunk.length);
    }

    /**
     * Reads {@code length} octets of {@code chunk} from {@code offset}, the next part of the message however
     * the chunks were cut; returns the first problem seen so far in the message, NONE when there is none.
     */
    public InboundEvent.DataProblem add(byte[] chunk, int offset, int length) {
        for (int i = offset; i < offset + length && problem == InboundEvent.DataProblem.NONE; i++) {
            byte b = chunk[i];
            if (pendingCr) {
                pendingCr = false;
                if (b != '\n') {
                    problem = InboundEvent.DataProblem.BARE_LINE_ENDING;
                    break;
                }
                lineLength = 0;
            } else if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                problem = InboundEvent.DataProblem.BARE_LINE_ENDING;
            } else if (++lineLength > maxLine) {
                problem = InboundEvent.DataProblem.LINE_TOO_LONG;
            }
        }
        return problem;
    }

    /** The first problem seen so far, NONE when there is none. */
    public InboundEvent.DataProblem problem() {
        return problem;
    }

    /** After the LAST chunk: a CR with nothing after it is bare. */
    public InboundEvent.DataProblem finish() {
        if (problem == InboundEvent.DataProblem.NONE && pendingCr) {
            problem = InboundEvent.DataProblem.BARE_LINE_ENDING;
        }
        return problem;
    }
}
