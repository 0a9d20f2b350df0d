package io.caravan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The word-at-a-time searches answer as a byte-by-byte loop does, wherever the byte falls in or out of a word. */
class ByteScanTest {

    @ParameterizedTest(name = "{0} bytes, sought byte at {1}, range from {2}")
    @CsvSource({
            "0,  -1, 0",
            "1,   0, 0",
            "7,   6, 0",    // shorter than a word
            "8,   7, 0",    // last byte of the only word
            "9,   8, 0",    // in the tail after a word
            "16,  9, 3",    // a range that starts inside a word
            "64, 63, 0",
            "64, 40, 41",   // before the range: not found
            "100, 0, 0",
            "1000, 999, 1",
    })
    void findsWhatALoopFinds(int length, int at, int from) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) 'a');
        if (at >= 0) {
            b[at] = '.';
            b[Math.max(0, at - 1)] = at > 0 ? (byte) 0x80 : b[0]; // an 8-bit neighbour: never taken for the dot
        }
        assertEquals(loopIndex(b, (byte) '.', from, length), ByteScan.indexOf(b, (byte) '.', from, length));
        assertEquals(loopIndex(b, (byte) '.', from, length),
                ByteScan.indexOfAny(b, (byte) '\r', (byte) '\n', (byte) '.', from, length));
        assertEquals(loopHigh(b, from, length - from), ByteScan.anyHighBit(b, from, length - from));
    }

    /** Random bytes of every value, and ranges of every alignment, against the plain loops. */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2", "3", "4", "5"})
    void agreesWithLoopsOnRandomBytes(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            byte[] b = new byte[random.nextInt(80)];
            for (int i = 0; i < b.length; i++) {
                // mostly plain text, sometimes a CR, LF, dot or 8-bit byte
                int r = random.nextInt(40);
                b[i] = r == 0 ? (byte) '\r' : r == 1 ? (byte) '\n' : r == 2 ? (byte) '.' : r == 3
                        ? (byte) (0x80 + random.nextInt(128)) : (byte) ('a' + random.nextInt(26));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + (b.length == from ? 0 : random.nextInt(b.length - from + 1));
            assertEquals(loopIndex(b, (byte) '\n', from, to), ByteScan.indexOf(b, (byte) '\n', from, to));
            int any = -1;
            for (int i = from; i < to && any < 0; i++) {
                if (b[i] == '\r' || b[i] == '\n' || b[i] == '.') {
                    any = i;
                }
            }
            assertEquals(any, ByteScan.indexOfAny(b, (byte) '\r', (byte) '\n', (byte) '.', from, to));
            assertEquals(loopHigh(b, from, to - from), ByteScan.anyHighBit(b, from, to - from));
        }
    }

    private static int loopIndex(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean loopHigh(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
