package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Cuts command lines. Only CRLF ends a line (RFC 5321 §2.3.8). A bare LF ends
 * the line at once as an error, so a client speaking LF-only gets an answer
 * instead of a hang; a bare CR spoils the line, which is refused when its
 * CRLF arrives. A line over the limit is skipped to its end without being
 * buffered and refused, which keeps the session in step with the client.
 */
final class CommandLineReader {

    private final byte[] line;
    private int length;
    private boolean pendingCr;
    private boolean bare;
    private boolean tooLong;

    /** @param maxLine the longest accepted line, CRLF included (RFC 5321: 512) */
    CommandLineReader(int maxLine) {
        this.line = new byte[Math.max(2, maxLine - 2)];
    }

    InboundEvent read(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    return finish();
                }
                bare = true;
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                bare = true;
                return finish();
            } else if (length < line.length) {
                line[length++] = b;
            } else {
                tooLong = true;
            }
        }
        return null;
    }

    private InboundEvent finish() {
        InboundEvent event;
        if (bare) {
            event = new InboundEvent.BadCommandLine(InboundEvent.LineProblem.BARE_LINE_ENDING);
        } else if (tooLong) {
            event = new InboundEvent.BadCommandLine(InboundEvent.LineProblem.TOO_LONG);
        } else {
            event = new InboundEvent.CommandLine(new String(line, 0, length, StandardCharsets.UTF_8));
        }
        length = 0;
        bare = false;
        tooLong = false;
        return event;
    }
}
