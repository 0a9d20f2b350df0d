package io.caravan.config;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@code CARAVAN_*} environment variable is. Others than Caravan name variables with this prefix:
 * Kubernetes gives every pod {@code CARAVAN_SERVICE_HOST}, {@code CARAVAN_PORT_2525_TCP} and the like for a
 * Service named {@code caravan}. A variable is taken for a misspelt key, which stops the start, when it
 * starts with the section of a key ({@code CARAVAN_SMTP_}, {@code CARAVAN_CONSOLE_}, ...) or is within two
 * edits of a key's name; anything else is someone else's and is ignored with a warning.
 */
public final class EnvironmentNames {

    public static final String PREFIX = "CARAVAN_";

    /** A key's variable, a misspelt one (with the key it most resembles), or someone else's. */
    public sealed interface Kind {
    }

    public record OfKey(Key key) implements Kind {
    }

    public record Misspelt(Key closest) implements Kind {
    }

    public record Foreign() implements Kind {
    }

    private static final Set<String> SECTIONS = Arrays.stream(Key.values())
            .map(k -> k.environmentVariable().substring(PREFIX.length()))
            .map(rest -> PREFIX + rest.substring(0, rest.indexOf('_') + 1))
            .collect(Collectors.toSet());

    private EnvironmentNames() {
    }

    /** The kind of a variable whose name starts with {@link #PREFIX}. */
    public static Kind classify(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        Key closest = Arrays.stream(Key.values())
                .min(Comparator.comparingInt(k -> distance(k.environmentVariable(), upper))).orElseThrow();
        int edits = distance(closest.environmentVariable(), upper);
        if (edits == 0 && upper.equals(name)) {
            return new OfKey(closest);
        }
        if (edits <= 2 || SECTIONS.stream().anyMatch(upper::startsWith)) {
            return new Misspelt(closest);
        }
        return new Foreign();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
