package io.caravan.ingress.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.MessageBody;
import io.caravan.message.Spool;
import io.caravan.testing.SmtpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A BDAT message past {@link MessageBody#IN_MEMORY_LIMIT} goes to the data directory's spool as DATA's does,
 * arrives at the sink byte for byte, and its spool file lives exactly as long as the transaction holds it:
 * deleted when the transaction is reset, refused or stored, and when the client goes away.
 */
class BdatSpoolTest {

    private static final int LIMIT = MessageBody.IN_MEMORY_LIMIT;

    @TempDir
    Path dir;
    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, b -> b.maxMessageSize(2L * 1024 * 1024));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void aMessageJustAboveTheInMemoryLimitIsSpooledThenDeliveredByteForByte() throws Exception {
        String message = message(LIMIT + 100);
        int first = LIMIT + 51; // passes the limit inside the first chunk, and ends it on a CR
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + first + "\r\n" + message.substring(0, first)).expect("250 2.0.0 " + first + " octets received");
            assertEquals(1, spoolFiles().size(), "spooled while the transaction lasts");
            c.raw("BDAT " + (message.length() - first) + " LAST\r\n" + message.substring(first))
                    .expect("250 2.0.0 Ok: queued as");
            assertEquals(List.of(), spoolFiles(), "the sink deleted it once the message was stored");
        }
        assertEquals(1, fx.sink.stored.size());
        byte[] stored = fx.sink.stored.get(0).content();
        byte[] sent = message.getBytes(StandardCharsets.US_ASCII);
        String text = fx.sink.stored.get(0).text();
        assertTrue(text.startsWith("Received: from client.test"), text.substring(0, 80));
        assertEquals(stored.length - sent.length, text.indexOf("X-Spool-Test: "), "only the Received header before it");
        assertArrayEquals(sent, Arrays.copyOfRange(stored, stored.length - sent.length, stored.length));
    }

    @Test
    void aSmallBdatMessageIsNeverSpooled() throws Exception {
        fx.sink.mode = TestSink.Mode.HOLD;
        String message = message(LIMIT);
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + " LAST\r\n" + message);
            CompletableFuture<Void> held = fx.sink.nextHeld();
            assertEquals(List.of(), spoolFiles(), "up to the limit it stays in the heap");
            held.complete(null);
            c.expect("250 2.0.0 Ok: queued as");
        }
        assertTrue(fx.sink.stored.get(0).text().endsWith(message));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RSET", "EHLO client.test", "HELO client.test"})
    void resettingTheTransactionDeletesTheSpoolFile(String command) throws Exception {
        String message = message(LIMIT + 100);
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + "\r\n" + message).expect(250);
            assertEquals(1, spoolFiles().size());
            c.cmd(command, 250);
            assertEquals(List.of(), spoolFiles());
            c.cmd("BDAT 0 LAST", "503 5.5.1"); // the chunk after it belongs to no transaction
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void aChunkPastTheSizeLimitIsReadAndDiscardedAnswered552AndTheSpoolFileGoes() throws Exception {
        String message = message(LIMIT + 512 * 1024);
        String over = "RSET\r\n".repeat(100_000); // would take the message past 2 MiB; read, never obeyed
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + "\r\n" + message).expect(250);
            assertEquals(1, spoolFiles().size());
            c.raw("BDAT " + over.length() + "\r\n" + over).expect("552 5.3.4");
            assertEquals(List.of(), spoolFiles());
            c.cmd("NOOP", "250 2.0.0 Ok"); // in step: nothing of the refused chunk was read as a command
            transaction(c);
            c.raw("BDAT 12 LAST\r\nSubject: s\r\n").expect("250 2.0.0 Ok: queued as");
        }
        assertEquals(1, fx.sink.stored.size());
    }

    @Test
    void aBareLfPastTheLimitIsRefusedAtThatChunkAndTheSpoolFileGoes() throws Exception {
        String message = message(LIMIT + 100);
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + "\r\n" + message).expect(250);
            assertEquals(1, spoolFiles().size());
            c.raw("BDAT 7\r\nbare\nLF").expect("550 5.6.11");
            assertEquals(List.of(), spoolFiles());
            c.cmd("NOOP", "250 2.0.0 Ok");
        }
        assertEquals(0, fx.sink.stored.size());
    }

    @Test
    void theClientLeavingBetweenChunksDeletesTheSpoolFile() throws Exception {
        String message = message(LIMIT + 100);
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + "\r\n" + message).expect(250);
            assertEquals(1, spoolFiles().size());
        }
        awaitNoSpoolFiles();
    }

    @Test
    void theClientLeavingInsideAChunkDeletesTheSpoolFile() throws Exception {
        String message = message(LIMIT + 100);
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + (message.length() + 1000) + "\r\n" + message); // 1000 octets short
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (spoolFiles().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, spoolFiles().size());
        }
        awaitNoSpoolFiles();
    }

    @Test
    void aMessageBeingStoredKeepsItsSpoolFileWhenTheClientLeaves() throws Exception {
        fx.sink.mode = TestSink.Mode.HOLD;
        String message = message(LIMIT + 100);
        CompletableFuture<Void> held;
        try (SmtpTestClient c = fx.greeted()) {
            transaction(c);
            c.raw("BDAT " + message.length() + " LAST\r\n" + message);
            held = fx.sink.nextHeld();
        }
        Thread.sleep(300); // the session sees the connection close
        assertEquals(1, spoolFiles().size(), "the sink owns it now, not the session");
        held.complete(null);
        assertTrue(fx.sink.stored.get(0).text().endsWith(message), "read whole after the client left");
        assertEquals(List.of(), spoolFiles());
    }

    private static void transaction(SmtpTestClient c) throws Exception {
        c.cmd("MAIL FROM:<a@remote.test>", 250);
        c.cmd("RCPT TO:<bob@example.com>", 250);
    }

    /** A message of exactly {@code size} octets: a header section, then CRLF-ended lines of changing letters. */
    private static String message(int size) {
        StringBuilder b = new StringBuilder(size).append("X-Spool-Test: yes\r\nSubject: spooled\r\n\r\n");
        int n = 0;
        while (size - b.length() > 100) {
            for (int i = 0; i < 76; i++) {
                b.append((char) ('a' + (n++ % 26)));
            }
            b.append("\r\n");
            n += 7;
        }
        b.append("z".repeat(size - b.length() - 2)).append("\r\n");
        return b.toString();
    }

    private List<Path> spoolFiles() throws IOException {
        Path spool = Spool.directory(dir);
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    private void awaitNoSpoolFiles() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!spoolFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), spoolFiles(), "deleted when the session ended");
    }
}
