package io.caravan.console;

import java.security.Principal;
import java.util.Optional;

/**
 * A console role held by a logged-in user. Hawtio finds it by this class's name and makes its own with the
 * one-string constructor, which is why it carries the role's label rather than the role.
 */
public record RolePrincipal(String name) implements Principal {

    public static RolePrincipal of(ConsoleRole role) {
        return new RolePrincipal(role.label());
    }

    public Optional<ConsoleRole> role() {
        return ConsoleRole.parse(name);
    }

    @Override
    public String getName() {
        return name;
    }
}
