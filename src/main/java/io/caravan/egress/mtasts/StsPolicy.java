package io.caravan.egress.mtasts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MTA-STS policy as served at {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.2).
 *
 * @param mode   what a sender does with a host that fails the policy
 * @param mx     the MX host patterns: a name, or {@code *.} and a name for exactly one more label
 * @param maxAge how long the policy may be cached
 */
public record StsPolicy(Mode mode, List<String> mx, Duration maxAge) {

    public enum Mode { ENFORCE, TESTING, NONE }

    /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
    static final long MAX_AGE_LIMIT = 31_557_600L;

    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");

    public StsPolicy {
        mx = List.copyOf(mx);
    }

    /**
     * Parses a policy body. Lines end in CRLF or LF; unknown fields are extensions and are ignored.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StsPolicy parse(String body) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        int number = 0;
        for (String raw : body.split("\r?\n", -1)) {
            number++;
            if (raw.isBlank()) {
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("policy line " + number + " is not 'field: value': " + raw);
            }
            String field = raw.substring(0, colon).trim();
            String value = raw.substring(colon + 1).trim();
            switch (field) {
                case "version" -> version = once(version, field, value);
                case "mode" -> mode = once(mode, field, mode(value));
                case "max_age" -> maxAge = once(maxAge, field, maxAge(value));
                case "mx" -> mx.add(pattern(value));
                default -> {
                    // an extension field this sender does not know (RFC 8461 §3.2)
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException(version == null ? "policy has no version" : "policy version "
                    + version + " is not STSv1");
        }
        if (mode == null) {
            throw new IllegalArgumentException("policy has no mode");
        }
        if (maxAge == null) {
            throw new IllegalArgumentException("policy has no max_age");
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            throw new IllegalArgumentException("policy in mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " has no mx");
        }
        return new StsPolicy(mode, mx, Duration.ofSeconds(maxAge));
    }

    /** Whether an MX host name matches one of the patterns (RFC 8461 §4.1): case aside, a wildcard is one label. */
    public boolean matches(String host) {
        String h = normalise(host);
        for (String p : mx) {
            if (p.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(p.substring(2))) {
                    return true;
                }
            } else if (h.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static <T> T once(T previous, String field, T value) {
        if (previous != null) {
            throw new IllegalArgumentException("policy gives " + field + " twice");
        }
        return value;
    }

    private static Mode mode(String value) {
        return switch (value) {
            case "enforce" -> Mode.ENFORCE;
            case "testing" -> Mode.TESTING;
            case "none" -> Mode.NONE;
            default -> throw new IllegalArgumentException("policy mode '" + value
                    + "' is not enforce, testing or none");
        };
    }

    private static long maxAge(String value) {
        if (!MAX_AGE.matcher(value).matches()) {
            throw new IllegalArgumentException("policy max_age '" + value + "' is not a number of seconds");
        }
        long seconds = Long.parseLong(value);
        if (seconds > MAX_AGE_LIMIT) {
            throw new IllegalArgumentException("policy max_age " + seconds + " exceeds " + MAX_AGE_LIMIT);
        }
        return seconds;
    }

    private static String pattern(String value) {
        String p = normalise(value);
        String name = p.startsWith("*.") ? p.substring(2) : p;
        if (name.isEmpty() || name.contains("*") || name.startsWith(".") || name.contains("..")
                || !name.chars().allMatch(c -> c == '.' || c == '-' || c == '_' || Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("policy mx '" + value + "' is not a host name or *.name");
        }
        return p;
    }

    public static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
