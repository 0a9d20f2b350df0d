package io.caravan.console;

import io.caravan.config.ConfigTable;
import io.caravan.ingress.auth.PasswordHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's users, from {@code config/console-users}: one {@code name:role:hash} line each, the role
 * {@code viewer} or {@code operator}, the hash in the scheme of {@link PasswordHasher} (the SMTP users' scheme).
 * Lines are written by {@code java -jar caravan.jar user add --console NAME --role ROLE}.
 */
public final class ConsoleUsers {

    public static final String FILE = "console-users";

    private record Entry(ConsoleRole role, String hash) {
    }

    private final Map<String, Entry> users = new HashMap<>();
    private final String dummy;

    public ConsoleUsers(List<String> lines) {
        for (String line : lines) {
            users.put(line.split(":", 3)[0], parse(line));
        }
        dummy = PasswordHasher.dummyFor(users.values().stream().map(Entry::hash).toList());
    }

    /** The role and hash of a {@code name:role:hash} line; refuses any other line. */
    private static Entry parse(String line) {
        String[] parts = line.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException(FILE + ": expected name:role:hash, got '" + head(line) + "'");
        }
        ConsoleRole role = ConsoleRole.parse(parts[1]).orElseThrow(() -> new IllegalArgumentException(
                FILE + ": user " + parts[0] + " has role '" + parts[1] + "'; the roles are viewer and operator"));
        if (!parts[2].trim().startsWith(PasswordHasher.SCHEME)) {
            throw new IllegalArgumentException(FILE + ": user " + parts[0] + " has no " + PasswordHasher.SCHEME
                    + " hash; make the line with 'java -jar caravan.jar user add --console'");
        }
        return new Entry(role, parts[2].trim());
    }

    public static ConsoleUsers load(Path file) {
        return new ConsoleUsers(ConfigTable.read(file, ConsoleUsers::parse));
    }

    private record Loaded(Object version, ConsoleUsers users) {
    }

    private static final Map<Path, Loaded> CURRENT = new ConcurrentHashMap<>();

    /**
     * The file as it is now, read again only when its modification time or size changed: a login then costs
     * one hash verification, not a second one for the dummy entry of a table read anew.
     */
    public static ConsoleUsers current(Path file) {
        Object version = version(file);
        Loaded loaded = CURRENT.get(file);
        if (loaded == null || !loaded.version().equals(version)) {
            loaded = new Loaded(version, load(file));
            CURRENT.put(file, loaded);
        }
        return loaded.users();
    }

    private static Object version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return List.of("absent");
        }
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /**
     * The user's role when the password is right. An unknown user costs a hash verification too, so the
     * time of the answer does not tell which names exist.
     */
    public Optional<ConsoleRole> login(String name, String password) {
        Entry entry = users.get(name);
        if (entry == null) {
            PasswordHasher.verify(password, dummy);
            return Optional.empty();
        }
        return PasswordHasher.verify(password, entry.hash()) ? Optional.of(entry.role()) : Optional.empty();
    }

    private static String head(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon) + ":...";
    }
}
