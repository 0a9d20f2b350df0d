package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.caravan.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started on the real file system makes its data directory, the broker's directories and the
 * self-signed STARTTLS key readable by its own user only, whatever the umask of the test JVM.
 */
class DataDirModesTest {

    @TempDir
    Path dir;

    @Test
    void dataDirectoryJournalAndGeneratedKeyAreTheOwnersOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temp directory's file system has no POSIX modes");
        TestNode node = new TestNode(dir);
        try (Gateway gateway = node.start()) {
            Path data = node.data();
            assertEquals("rwx------", mode(data));
            assertEquals("rwx------", mode(data.resolve("broker")));
            for (String store : new String[] {"journal", "bindings", "paging", "large-messages"}) {
                assertEquals("rwx------", mode(data.resolve("broker").resolve(store)), store);
            }
            assertEquals("rw-------", mode(data.resolve("smtp-selfsigned.key")));
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
