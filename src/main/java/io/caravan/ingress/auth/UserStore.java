package io.caravan.ingress.auth;


import io.caravan.config.ConfigTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed to AUTH, from {@code config/users}: one
 * {@code user:{PBKDF2-SHA256}...} line each (see {@link PasswordHasher}).
 *
 * <p>An unknown user gets the same answer as a wrong password, and must also
 * take the same time, or the reply time tells which users exist. So an
 * unknown user (or an entry in no known format) is checked against a dummy
 * entry made with the cost of the real ones ({@link PasswordHasher#dummyFor}).
 * While old and new costs are mixed, users on the less common cost remain
 * distinguishable by timing; re-hashing them closes that.
 */
public final class UserStore {

    private final Map<String, String> users = new HashMap<>();
    private final String dummy;

    public UserStore(List<String> lines) {
        for (String line : lines) {
            check(line);
            int colon = line.indexOf(':');
            users.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        dummy = PasswordHasher.dummyFor(users.values());
    }

    /** Refuses a line that is not {@code user:hash}. */
    static void check(String line) {
        if (line.indexOf(':') <= 0) {
            throw new IllegalArgumentException("users: expected user:hash, got a line without ':'");
        }
    }

    public static UserStore load(Path file) {
        return new UserStore(ConfigTable.read(file, UserStore::check));
    }

    public static UserStore empty() {
        return new UserStore(List.of());
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The cost of the entry unknown users are checked against. */
    public int dummyIterations() {
        return PasswordHasher.iterations(dummy);
    }

    /** Slow on purpose (PBKDF2): never call it on a Netty event loop. */
    public boolean verify(String user, String password) {
        String stored = users.get(user);
        if (stored == null || PasswordHasher.iterations(stored) < 0) {
            PasswordHasher.verify(password, dummy);
            return false;
        }
        return PasswordHasher.verify(password, stored);
    }
}
