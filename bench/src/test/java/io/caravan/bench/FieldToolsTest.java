package io.caravan.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Postfix's smtp-source into Postfix's smtp-sink on loopback, both connection modes: the field run's ceiling in miniature. */
class FieldToolsTest {

    @Test
    void theCountersAreReadFromTheToolsOutput() {
        assertEquals(5, SmtpSinkProcess.parseMessages("sess=3 quit=3 mesg=5"));
        assertEquals(-1, SmtpSinkProcess.parseMessages("smtp-sink: warning: something"));
        assertEquals(300, SmtpSource.lastCount("1\r2\r299\r300\r\n"));
        assertEquals(0, SmtpSource.lastCount(""));
    }

    @Test
    void everyMessageSmtpSourceSendsIsCountedBySmtpSinkInBothModes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SmtpSource.BINARY) && Files.isExecutable(SmtpSinkProcess.BINARY),
                "smtp-source and smtp-sink come with the postfix package");
        long pid;
        try (SmtpSinkProcess sink = SmtpSinkProcess.start(List.of(), SmtpProbe.freePort(), dir)) {
            long expected = 0;
            for (FieldMode mode : FieldMode.values()) {
                SmtpSource.Run run = SmtpSource.run(SmtpSource.command(List.of(), mode, sink.port(), 3, 40, 2048),
                        dir, 60_000);
                assertEquals(0, run.exitCode(), mode + ": " + run.error());
                assertEquals(40, run.accepted(), mode.key());
                expected += 40;
                assertEquals(expected, sink.awaitMessages(expected, 5_000, 30_000), mode.key());
            }
            pid = Long.parseLong(Files.readString(dir.resolve("smtp-sink.pid")).trim());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the pid file names the sink");
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "close stops the sink");
        assertFalse(Files.exists(dir.resolve("smtp-sink.pid")), "and forgets its pid");
        assertEquals(0, SmtpSinkProcess.OPEN.size());
    }
}
