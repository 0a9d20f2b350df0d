package io.caravan.routing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.TableSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import io.caravan.routing.SteppingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportMapFileTest {

    private static final Transport TO_GATEWAY = new Transport.Deliver("smtp", "10.0.0.1", 25, false);
    private static final Transport TO_OTHER = new Transport.Deliver("smtp", "10.0.0.2", 25, false);

    @TempDir
    Path dir;

    private final SteppingClock clock = SteppingClock.atEpochDay();

    private Path write(String text, int secondsAfterEpoch) throws IOException {
        Path file = dir.resolve("transport");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + secondsAfterEpoch)));
        return file;
    }

    @Test
    void reloadsAChangedFileOnlyAfterTheCheckInterval() throws IOException {
        Path file = write("example.com smtp:[10.0.0.1]\n", 0);
        TransportMapFile table = new TransportMapFile(file, Duration.ofSeconds(5), clock);
        assertEquals(TO_GATEWAY, table.lookup("example.com"));

        write("example.com smtp:[10.0.0.2]\n", 10);
        clock.advance(Duration.ofSeconds(4));
        assertEquals(TO_GATEWAY, table.lookup("example.com"), "not checked before the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TO_OTHER, table.lookup("example.com"));
        assertTrue(table.lastError().isEmpty());
    }

    @Test
    void malformedNewFileKeepsThePreviousTableAndReportsTheLine() throws IOException {
        Path file = write("example.com smtp:[10.0.0.1]\n", 0);
        TransportMapFile table = new TransportMapFile(file, Duration.ofSeconds(1), clock);

        write("example.com smtp:[10.0.0.2]\nbroken.com lmtp:x\n", 10);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(TO_GATEWAY, table.lookup("example.com"));
        assertEquals(2, table.lastError().orElseThrow().line());

        write("example.com smtp:[10.0.0.2]\n", 20);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(TO_OTHER, table.lookup("example.com"));
        assertTrue(table.lastError().isEmpty(), "a good reload clears the error");
    }

    @Test
    void missingFileIsAnEmptyTable() {
        TransportMapFile table = new TransportMapFile(dir.resolve("absent"), Duration.ofSeconds(1), clock);
        assertEquals(new Transport.Deliver("smtp", "example.com", 25, true), table.lookup("example.com"));
    }

    @Test
    void malformedFileAtStartIsAnError() throws IOException {
        Path file = write("\n\nexample.com smtp:[10.0.0.1\n", 0);
        TableSyntaxException e = assertThrows(TableSyntaxException.class,
                () -> new TransportMapFile(file, Duration.ofSeconds(1), clock));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file.toString()));
    }

    @Test
    void shippedTableParses() {
        TransportMapFile shipped = new TransportMapFile(Path.of("config/transport"), Duration.ofSeconds(1), clock);
        assertTrue(shipped.lastError().isEmpty());
    }
}
