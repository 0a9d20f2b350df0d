package io.caravan.egress.smtp;

/**
 * Transparency for DATA (RFC 5321 §4.5.2): a line that starts with '.' gets one more '.' in front,
 * and nothing else changes, so the receiver sees the stored bytes exactly and DKIM signatures
 * survive. Netty's request encoder sends content as given and only appends the final ".CRLF", so
 * this is the one place where the bytes are touched. A message that does not end with CRLF gets
 * one, because the terminator must start a line.
 */
public final class DotStuffing {

    private DotStuffing() {
    }

    public static byte[] stuff(byte[] message) {
        int n = message.length;
        int dots = 0;
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                dots++;
            }
            lineStart = b == '\n';
        }
        boolean endsWithCrLf = n >= 2 && message[n - 2] == '\r' && message[n - 1] == '\n';
        int tail = n == 0 || endsWithCrLf ? 0 : message[n - 1] == '\r' ? 1 : 2;
        if (dots == 0 && tail == 0) {
            return message; // the common case: nothing to add, no copy
        }
        // one pass over the input copying runs between stuffed dots, instead of a stream write per byte
        byte[] out = new byte[n + dots + tail];
        int written = 0;
        int runStart = 0;
        lineStart = true;
        for (int i = 0; i < n; i++) {
            if (lineStart && message[i] == '.') {
                System.arraycopy(message, runStart, out, written, i - runStart);
                written += i - runStart;
                out[written++] = '.';
                runStart = i;
            }
            lineStart = message[i] == '\n';
        }
        System.arraycopy(message, runStart, out, written, n - runStart);
        written += n - runStart;
        if (tail == 2) {
            out[written++] = '\r';
        }
        if (tail >= 1) {
            out[written] = '\n';
        }
        return out;
    }

    /** True when a byte has the high bit set: the body needs BODY=8BITMIME. */
    public static boolean eightBit(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
