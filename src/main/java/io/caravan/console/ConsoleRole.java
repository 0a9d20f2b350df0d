package io.caravan.console;

import java.util.Locale;
import java.util.Optional;

/**
 * What a console user may do: a viewer reads, an operator also acts on the
 * mail queues ({@link ConsolePolicy}). The labels are the role names written
 * in {@code config/console-users} and the names of the JAAS role principals.
 */
public enum ConsoleRole {
    VIEWER, OPERATOR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConsoleRole> parse(String text) {
        for (ConsoleRole role : values()) {
            if (role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
