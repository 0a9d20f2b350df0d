package io.caravan.message;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants in the ISO-8601 form {@link Instant#toString()} writes ({@code 2026-11-28T04:05:06.123Z}),
 * read and written without {@code DateTimeFormatter}: every stage reads the envelope's receive time,
 * and the general-purpose formatter was a visible share of the CPU per message. Only the common form
 * is handled here (years 0000-9999, UTC {@code Z}, 0-9 fraction digits); {@link Json} leaves anything
 * else to Jackson's reader, so every text the JDK reads is still read, with the same result.
 */
public final class IsoInstant {

    private IsoInstant() {
    }

    /** The same text as {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        if (days < -719_528 || days > 2_932_896) {
            return instant.toString(); // outside years 0000-9999
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        StringBuilder out = new StringBuilder(30);
        pad(out, date.getYear(), 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                pad(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(out, nano / 1_000, 6);
            } else {
                pad(out, nano, 9);
            }
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /**
     * The instant when the text is in the common form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, else null
     * (let the JDK or Jackson read it).
     */
    public static Instant parseCommon(CharSequence t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = digits(t, 20, fraction);
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nano < 0) {
            return null; // includes the leap second 23:59:60, which the JDK handles
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nano);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. 30 February: the JDK reports it
        }
    }

    /** The decimal number in t[from, from + count), or -1 when a character is not a digit. */
    private static int digits(CharSequence t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
