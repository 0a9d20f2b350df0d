package io.caravan.egress.shaping;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate as operators write it: {@code 1/s}, {@code 100/min}, {@code 5000/h}, {@code 20/d}.
 *
 * @param permits how many
 * @param per     in how long
 */
public record Rate(long permits, Duration per) {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*/\\s*(\\d*)\\s*(s|sec|second|m|min|minute|h|hour|d|day)");

    public Rate {
        if (permits < 1) throw new IllegalArgumentException("a rate needs at least 1 permit: " + permits);
        if (per == null || per.isZero() || per.isNegative()) throw new IllegalArgumentException("a rate needs a positive period");
    }

    public static Rate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate (use e.g. 1/s, 100/min, 5000/h, 20/d): " + text);
        }
        long n = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new Rate(Long.parseLong(m.group(1)), unit.multipliedBy(n));
    }

    public double perSecond() {
        return permits * 1e9 / per.toNanos();
    }

    /** This rate multiplied by a factor in (0, 1], as reputation slows a source down. */
    public double perSecond(double factor) {
        return perSecond() * factor;
    }

    @Override
    public String toString() {
        long s = per.toSeconds();
        String unit = s == 1 ? "s" : s == 60 ? "min" : s == 3600 ? "h" : s == 86400 ? "d" : s + "s";
        return permits + "/" + unit;
    }
}
