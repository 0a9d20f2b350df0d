package io.caravan.egress.smtp;

import java.io.ByteArrayOutputStream;

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
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        int n = message.length;
        if (n < 2 || message[n - 2] != '\r' || message[n - 1] != '\n') {
            if (n > 0 && message[n - 1] == '\r') {
                out.write('\n');
            } else if (n > 0) {
                out.write('\r');
                out.write('\n');
            }
        }
        return out.toByteArray();
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
