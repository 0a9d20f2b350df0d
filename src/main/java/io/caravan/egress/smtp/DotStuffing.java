package io.caravan.egress.smtp;

import io.caravan.message.ByteScan;

/**
 * Transparency for DATA (RFC 5321 §4.5.2): a line that starts with '.' gets one more '.' in front.
 * Netty's request encoder sends content as given and only appends the final ".CRLF", so this is
 * the one place where the bytes are touched. A message that does not end with CRLF gets one,
 * because the terminator must start a line.
 *
 * <p>A bare CR or bare LF in the stored content is sent as CRLF, and the line after it is
 * stuffed like any other. Receivers disagree about bare line endings: some end a line at a bare
 * LF or CR, some do not, and that disagreement is what SMTP smuggling exploits. Stuffing only
 * after CRLF would let {@code \n.\r\n} or {@code \r.\r\n} through as an end of data for a lenient
 * receiver; stuffing after a bare LF but keeping it would hand a strict receiver a stray dot. As
 * CRLF every receiver sees the same lines, and RFC 5321 §2.3.8 forbids sending bare CR or LF
 * anyway. Ingress refuses them in DATA and BDAT, so only content that came in some other way
 * is changed; mail without bare line endings is sent byte for byte (its DKIM signatures hold).
 */
public final class DotStuffing {

    private DotStuffing() {
    }

    public static byte[] stuff(byte[] message) {
        int n = message.length;
        int added = 0;
        boolean lineStart = true;
        int i = 0;
        while (i < n) {
            // the bytes up to the next CR, LF or dot change nothing but end a line start
            int at = ByteScan.indexOfAny(message, (byte) '\r', (byte) '\n', (byte) '.', i, n);
            if (at < 0) {
                lineStart = false;
                break;
            }
            if (at > i) {
                lineStart = false;
            }
            byte b = message[at];
            i = at + 1;
            if (b == '\r') {
                if (i < n && message[i] == '\n') {
                    i++;
                } else {
                    added++; // a bare CR becomes CRLF
                }
                lineStart = true;
            } else if (b == '\n') {
                added++; // a bare LF becomes CRLF
                lineStart = true;
            } else {
                if (lineStart) {
                    added++;
                }
                lineStart = false;
            }
        }
        boolean tail = n > 0 && !lineStart;
        if (added == 0 && !tail) {
            return message; // the common case: nothing to add, no copy
        }
        byte[] out = new byte[n + added + (tail ? 2 : 0)];
        int written = 0;
        lineStart = true;
        for (i = 0; i < n; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < n && message[i + 1] == '\n') {
                    i++;
                }
                out[written++] = '\r';
                out[written++] = '\n';
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out[written++] = '.';
            }
            out[written++] = b;
            lineStart = false;
        }
        if (tail) {
            out[written++] = '\r';
            out[written] = '\n';
        }
        return out;
    }

    /** True when a byte has the high bit set: the body needs BODY=8BITMIME. */
    public static boolean eightBit(byte[] message) {
        return ByteScan.anyHighBit(message, 0, message.length);
    }
}
