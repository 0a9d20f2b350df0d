package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temp directory's file system has no POSIX modes");
    }

    /** A key regenerated over a world-readable file is 0600 before its new secret is written. */
    @Test
    void overwritingAWorldReadableFileMakesItTheOwnersOnly() throws IOException {
        Path key = dir.resolve("old.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.writeString(key, "new");
        assertEquals("new", Files.readString(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    /** A new directory is the owner's only; an existing one keeps the mode its operator gave it. */
    @Test
    void makesANewDirectoryPrivateAndLeavesAnExistingOneAsItWas() throws IOException {
        Path made = PrivateFiles.directory(dir.resolve("srv/data"));
        assertFalse(PrivateFiles.sharedWithOthers(made));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rwxr-x---"));
        PrivateFiles.directory(made);
        assertTrue(PrivateFiles.sharedWithOthers(made), "an operator's mode is not undone");
    }
}
