package io.caravan.ingress.auth;

import io.caravan.ingress.policy.ConfigLines;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed to AUTH, from {@code config/users}: one
 * {@code user:{PBKDF2-SHA256}...} line each (see {@link PasswordHasher}).
 * An unknown user still costs a (cheap) hash computation, and gets the same
 * answer as a wrong password, so the reply does not say which users exist.
 */
public final class UserStore {

    private static final String DUMMY = PasswordHasher.hash("not-a-password", 1000);

    private final Map<String, String> users = new HashMap<>();

    public UserStore(List<String> lines) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("users: expected user:hash, got a line without ':'");
            }
            users.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
    }

    public static UserStore load(Path file) {
        return new UserStore(ConfigLines.read(file));
    }

    public static UserStore empty() {
        return new UserStore(List.of());
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** Slow on purpose (PBKDF2): never call it on a Netty event loop. */
    public boolean verify(String user, String password) {
        String stored = users.get(user);
        if (stored == null) {
            PasswordHasher.verify(password, DUMMY);
            return false;
        }
        return PasswordHasher.verify(password, stored);
    }
}
