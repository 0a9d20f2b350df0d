package io.caravan.console;

import java.security.Principal;

/** The logged-in console user; Hawtio reads the user name from a principal with this simple class name. */
public record UserPrincipal(String name) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
