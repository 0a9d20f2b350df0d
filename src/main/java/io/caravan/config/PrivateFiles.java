package io.caravan.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files that hold mail or secrets (the data directory, the broker journal, the generated
 * STARTTLS key): the gateway's own user alone may read them, where the file system has POSIX permissions.
 * The mode is set explicitly, not left to the umask, which is usually 022 and would make them world-readable.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates the directory with mode 0700 (missing parents with the usual mode: they are not ours to close).
     * An existing directory keeps its mode, so an operator's choice is never undone behind their back.
     */
    public static Path directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!posix(parent)) {
                Files.createDirectories(dir);
                return dir;
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                return dir; // made meanwhile by someone else, who chose its mode
            }
            Files.setPosixFilePermissions(dir, DIRECTORY); // an unusual umask may have taken bits from the owner
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }

    /** Whether others than the owner may enter or read the directory or file (false where modes do not exist). */
    public static boolean sharedWithOthers(Path path) {
        try {
            if (!posix(path)) {
                return false;
            }
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
            return modes.stream().anyMatch(p -> !DIRECTORY.contains(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + path, e);
        }
    }

    /**
     * Writes the text to a file of mode 0600. The mode is in place before the first byte is written, also when
     * the file exists already with a wider one, so the secret is never readable by others, not even briefly.
     */
    public static void writeString(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (posix(parent)) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                }
                Files.setPosixFilePermissions(file, FILE);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Asked of the file store, not of the platform: a FAT or SMB mount on Linux has no POSIX modes. */
    private static boolean posix(Path existing) throws IOException {
        return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
