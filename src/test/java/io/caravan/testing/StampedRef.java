package io.caravan.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Delivered bytes without the X-Caravan-Ref field routing puts in front of every message (a sealed value that
 * differs per message), so a test compares every other octet with what was sent.
 */
public final class StampedRef {

    private static final byte[] NAME = "X-Caravan-Ref: ".getBytes(StandardCharsets.US_ASCII);

    private StampedRef() {
    }

    /** The message after the field, which must come first; an AssertionError when it does not. */
    public static byte[] strip(byte[] delivered) {
        if (delivered.length < NAME.length || !Arrays.equals(delivered, 0, NAME.length, NAME, 0, NAME.length)) {
            throw new AssertionError("no X-Caravan-Ref in front: "
                    + new String(delivered, 0, Math.min(200, delivered.length), StandardCharsets.UTF_8));
        }
        for (int i = NAME.length; i + 2 < delivered.length; i++) {
            // the field ends at the first CRLF not followed by a fold
            if (delivered[i] == '\r' && delivered[i + 1] == '\n' && delivered[i + 2] != ' ' && delivered[i + 2] != '\t') {
                return Arrays.copyOfRange(delivered, i + 2, delivered.length);
            }
            if (delivered[i] < 0x20 && delivered[i] != '\r' && delivered[i] != '\n' && delivered[i] != '\t') {
                break;
            }
        }
        throw new AssertionError("an X-Caravan-Ref field without its end");
    }
}
