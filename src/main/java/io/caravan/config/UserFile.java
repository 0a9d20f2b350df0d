package io.caravan.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one entry of a users table ({@code config/users}, {@code config/console-users}): a line that starts
 * with {@code name:}. The entry replaces the user's old line in place, or is appended; comments and the other
 * users stay as they were. The file is written whole beside the old one and moved over it, so a gateway that
 * reads it meanwhile sees the old table or the new one, never half of one, and it is readable by its owner
 * only, since it holds password hashes.
 */
public final class UserFile {

    private UserFile() {
    }

    /** Puts {@code name:rest} into the file, creating the file when it is missing. */
    public static void put(Path file, String name, String rest) {
        if (name.isEmpty() || name.contains(":") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a user name is not empty and has no ':' and no space: '" + name + "'");
        }
        String entry = name + ":" + rest;
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith(name + ":")) {
                        if (!replaced) {
                            lines.add(entry);
                        }
                        replaced = true;
                    } else {
                        lines.add(line);
                    }
                }
            }
            if (!replaced) {
                lines.add(entry);
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".new");
            ownerOnly(temp);
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
