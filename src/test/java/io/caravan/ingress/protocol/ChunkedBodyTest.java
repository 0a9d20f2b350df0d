package io.caravan.ingress.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BDAT message as its chunks arrive: in the heap up to {@link MessageBody#IN_MEMORY_LIMIT}, spooled once it
 * passes it, with DATA's line rules across every boundary the client cut, and its spool file deleted whenever
 * the message is not handed on.
 */
class ChunkedBodyTest {

    @TempDir
    Path dir;

    private Path spool() {
        return dir.resolve("spool");
    }

    @Test
    void aMessageUpToTheLimitStaysInTheHeap() throws IOException {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT);
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, message, 7777);
        assertFalse(body.spooled());
        assertEquals(InboundEvent.DataProblem.NONE, body.finish());
        MessageBody taken = body.take();
        assertInstanceOf(MessageBody.Bytes.class, taken);
        assertArrayEquals(message, ((MessageBody.Bytes) taken).bytes());
        assertEquals(List.of(), files());
    }

    @Test
    void aMessagePastTheLimitIsSpooledAndTheFileGoesWithIt() throws IOException {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT + 2);
        ChunkedBody body = new ChunkedBody(998, spool());
        body.write(message, 0, MessageBody.IN_MEMORY_LIMIT);
        assertFalse(body.spooled(), "exactly the limit is still kept in the heap");
        body.write(message, MessageBody.IN_MEMORY_LIMIT, 1);
        assertTrue(body.spooled(), "one octet past it, the message is spooled");
        assertEquals(1, files().size());
        body.write(message, MessageBody.IN_MEMORY_LIMIT + 1, 1); // the CR and LF of the last line apart
        assertEquals(InboundEvent.DataProblem.NONE, body.finish());
        MessageBody taken = body.take();
        MessageBody.Spooled spooled = assertInstanceOf(MessageBody.Spooled.class, taken);
        assertEquals(message.length, taken.size());
        assertFalse(taken.eightBit());
        try (InputStream in = taken.open()) {
            assertArrayEquals(message, in.readAllBytes());
        }
        body.discard(); // after take() the file is no longer the body's to delete
        assertEquals(List.of(spooled.file()), files());
        taken.delete();
        assertEquals(List.of(), files());
    }

    @Test
    void eightBitOctetsAreNoted() throws IOException {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT + 1000);
        message[10] = (byte) 0xC3;
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, message, 65536);
        body.finish();
        MessageBody taken = body.take();
        assertTrue(taken.eightBit());
        taken.delete();
    }

    @Test
    void aCrlfSplitAcrossChunksIsFineAndABareOneIsNot() {
        ChunkedBody body = new ChunkedBody(998, spool());
        body.write(ascii("a\r"), 0, 2);
        body.write(ascii("\nb\r\n"), 0, 4);
        assertEquals(InboundEvent.DataProblem.NONE, body.problem());

        ChunkedBody bare = new ChunkedBody(998, spool());
        bare.write(ascii("a\r"), 0, 2);
        bare.write(ascii("b\r\n"), 0, 3);
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, bare.problem());

        ChunkedBody openCr = new ChunkedBody(998, spool());
        openCr.write(ascii("a\r\nb\r"), 0, 5);
        assertEquals(InboundEvent.DataProblem.NONE, openCr.problem());
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, openCr.finish(), "a CR that ends the LAST chunk is bare");
    }

    @Test
    void aLineTooLongAcrossChunksIsCaught() {
        ChunkedBody body = new ChunkedBody(10, spool());
        body.write(ascii("123456"), 0, 6);
        body.write(ascii("7890\r\n"), 0, 6);
        assertEquals(InboundEvent.DataProblem.NONE, body.problem(), "ten octets are allowed");
        body.write(ascii("123456"), 0, 6);
        body.write(ascii("78901\r\n"), 0, 7);
        assertEquals(InboundEvent.DataProblem.LINE_TOO_LONG, body.problem());
    }

    @Test
    void aBrokenRuleAfterTheLimitDeletesTheSpoolFileAndKeepsNothingMore() throws IOException {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT + 1000);
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, message, 65536);
        assertEquals(1, files().size());
        body.write(ascii("bare\nLF\r\n"), 0, 9);
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, body.problem());
        assertEquals(List.of(), files());
        long kept = body.size();
        body.write(message, 0, 1000);
        assertEquals(kept, body.size(), "the rest of the chunk is read, not kept");
        assertEquals(List.of(), files());
    }

    @Test
    void aCrOpenAtTheEndOfASpooledMessageDeletesTheFile() throws IOException {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT + 1000);
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, message, 65536);
        body.write(ascii("x\r"), 0, 2);
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, body.finish());
        assertEquals(List.of(), files());
    }

    @Test
    void discardDeletesTheSpoolFile() throws IOException {
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, lines(MessageBody.IN_MEMORY_LIMIT + 1000), 65536);
        assertEquals(1, files().size());
        body.discard();
        assertEquals(List.of(), files());
        body.discard(); // twice is fine
    }

    @Test
    void aSpoolThatCannotBeWrittenIsNoStorage() throws IOException {
        Files.writeString(spool(), "a file where the directory should be");
        ChunkedBody body = new ChunkedBody(998, spool());
        write(body, lines(MessageBody.IN_MEMORY_LIMIT + 1000), 65536);
        assertEquals(InboundEvent.DataProblem.NO_STORAGE, body.problem());
        assertEquals(InboundEvent.DataProblem.NO_STORAGE, body.finish());
    }

    @Test
    void withoutASpoolDirectoryAllStaysInTheHeap() {
        byte[] message = lines(MessageBody.IN_MEMORY_LIMIT + 1000);
        ChunkedBody body = new ChunkedBody(998, null);
        write(body, message, 65536);
        assertFalse(body.spooled());
        body.finish();
        assertArrayEquals(message, ((MessageBody.Bytes) body.take()).bytes());
    }

    /** {@code size} octets of CRLF-ended text lines. */
    static byte[] lines(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        for (int i = 76; i + 3 < size; i += 78) { // clear of the final CRLF: no "\r\r\n"
            b[i] = '\r';
            b[i + 1] = '\n';
        }
        b[size - 2] = '\r';
        b[size - 1] = '\n';
        return b;
    }

    private static void write(ChunkedBody body, byte[] message, int piece) {
        for (int off = 0; off < message.length; off += piece) {
            body.write(message, off, Math.min(piece, message.length - off));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(spool())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool())) {
            return files.toList();
        }
    }
}
