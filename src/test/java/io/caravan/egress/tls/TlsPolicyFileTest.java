package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tls_policy is read again when it changes; an edit that does not parse leaves the previous levels and an ERROR. */
class TlsPolicyFileTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

    private Path write(String text, int seconds) throws IOException {
        Path file = dir.resolve("tls_policy");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + seconds)));
        return file;
    }

    @Test
    void aChangedLevelAppliesAfterTheCheckInterval() throws IOException {
        Path file = write("example.com may\n", 0);
        TlsPolicyFile table = new TlsPolicyFile(file, Duration.ofSeconds(5), clock);
        assertEquals(TlsPolicy.MAY, table.levelFor("example.com"));

        write("example.com verify\n", 10);
        clock.advance(Duration.ofSeconds(4));
        assertEquals(TlsPolicy.MAY, table.levelFor("example.com"), "not checked before the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TlsPolicy.VERIFY, table.levelFor("example.com"));
    }

    @Test
    void aBadEditKeepsThePreviousLevelsAndLogsAnError() throws IOException {
        Path file = write("example.com verify\n", 0);
        TlsPolicyFile table = new TlsPolicyFile(file, Duration.ofSeconds(1), clock);
        List<String> errors = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LogManager.getLogger("io.caravan.config.LiveFile");
        AbstractAppender appender = new AbstractAppender("tls-policy-errors", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel() == Level.ERROR) {
                    errors.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        logger.addAppender(appender);
        try {
            write("example.com verfy\n", 10);
            clock.advance(Duration.ofSeconds(2));
            assertEquals(TlsPolicy.VERIFY, table.levelFor("example.com"), "the previous table stays in force");
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(file.toString()) && errors.get(0).contains("unknown level verfy"),
                    errors.get(0));
            assertTrue(table.lastError().isPresent());

            write("example.com encrypt\n", 20);
            clock.advance(Duration.ofSeconds(2));
            assertEquals(TlsPolicy.ENCRYPT, table.levelFor("example.com"));
            assertTrue(table.lastError().isEmpty(), "a good reload clears the error");
        } finally {
            logger.removeAppender(appender);
            appender.stop();
        }
    }

    @Test
    void aMissingFileMeansMayForAllAndABadOneStopsTheStart() throws IOException {
        assertEquals(TlsPolicy.MAY, new TlsPolicyFile(dir.resolve("absent"), Duration.ofSeconds(1), clock)
                .levelFor("example.com"));
        Path file = write("example.com\n", 0);
        assertThrows(IllegalArgumentException.class, () -> new TlsPolicyFile(file, Duration.ofSeconds(1), clock));
    }

    @Test
    void theShippedTableParses() {
        assertEquals(TlsPolicy.MAY, new TlsPolicyFile(Path.of("config/tls_policy"), Duration.ofSeconds(1), clock)
                .levelFor("example.com"));
    }
}
