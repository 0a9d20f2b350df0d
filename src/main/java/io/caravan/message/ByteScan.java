package io.caravan.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches in message bytes eight at a time: a long read from the array is tested for a byte value, or for a
 * byte with its high bit set, without looking at each byte. The node's JIT (C1, config/jvm.options) does not
 * vectorise a loop over bytes; a megabyte message went through such loops several times on its way, and they
 * were most of the CPU it cost. Found positions are exact: the word test only says where to look.
 */
public final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private ByteScan() {
    }

    /** Whether {@code len} bytes of {@code b} from {@code off} hold one of 0x80 to 0xFF (8-bit content). */
    public static boolean anyHighBit(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONGS.get(b, i) & HIGH) != 0) {
                return true;
            }
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /** The first index of {@code value} in {@code b} from {@code from} (inclusive) to {@code to}, or -1. */
    public static int indexOf(byte[] b, byte value, int from, int to) {
        int i = from;
        long pattern = (value & 0xFFL) * ONES;
        for (; i + 8 <= to; i += 8) {
            if (has((long) LONGS.get(b, i) ^ pattern)) {
                break; // the byte is in this word: find it below
            }
        }
        for (; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first index from {@code from} to {@code to} of any of three byte values, or -1: the word test is
     * made for the three at once, so a word with none of them costs one read.
     */
    public static int indexOfAny(byte[] b, byte first, byte second, byte third, int from, int to) {
        int i = from;
        long p1 = (first & 0xFFL) * ONES;
        long p2 = (second & 0xFFL) * ONES;
        long p3 = (third & 0xFFL) * ONES;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (has(w ^ p1) || has(w ^ p2) || has(w ^ p3)) {
                break;
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == first || c == second || c == third) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a word has a zero byte (the classic test: exact for "any", which is all it is asked). */
    private static boolean has(long x) {
        return ((x - ONES) & ~x & HIGH) != 0;
    }
}
