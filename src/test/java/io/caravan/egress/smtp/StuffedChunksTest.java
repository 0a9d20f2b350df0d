package io.caravan.egress.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.caravan.message.MessageBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.smtp.SmtpContent;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A spooled message sent in 64 KiB chunks is stuffed as the whole message is: line-starting dots on either side
 * of a chunk's end, a dot that is a chunk's first byte, and a message that does not end with CRLF.
 */
class StuffedChunksTest {

    private static final int CHUNK = 64 * 1024;

    @ParameterizedTest(name = "{0} bytes, dots every {1} lines, seed {2}")
    @CsvSource({
            "0, 1, 1",
            "10, 1, 1",
            "65535, 3, 2",   // one byte short of a chunk
            "65536, 3, 3",   // exactly a chunk
            "65537, 1, 4",   // a chunk and one byte
            "200000, 2, 5",
            "200001, 7, 6",
    })
    void chunksStuffAsTheWholeMessageDoes(int length, int dotsEvery, long seed) throws Exception {
        byte[] message = message(length, dotsEvery, new Random(seed));
        assertArrayEquals(DotStuffing.stuff(message), chunked(message));
    }

    /** A line-starting dot as the first byte of the second chunk, its CRLF the end of the first. */
    @ParameterizedTest(name = "dot at offset {0}")
    @CsvSource({"65536", "65535", "65537"})
    void aDotAtAChunksEdge(int at) throws Exception {
        byte[] message = message(at + 100, Integer.MAX_VALUE, new Random(at));
        message[at - 2] = '\r';
        message[at - 1] = '\n';
        message[at] = '.';
        assertArrayEquals(DotStuffing.stuff(message), chunked(message));
    }

    private static byte[] chunked(byte[] message) throws Exception {
        StuffedChunks chunks = new StuffedChunks(new MessageBody.Bytes(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!chunks.isEndOfInput()) {
            SmtpContent content = chunks.readChunk(UnpooledByteBufAllocator.DEFAULT);
            ByteBuf buf = content.content();
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.write(bytes);
        }
        return out.toByteArray();
    }

    /** CRLF lines of 1 to 120 letters, some starting with a dot, the last maybe cut short (no final CRLF). */
    private static byte[] message(int length, int dotsEvery, Random random) {
        byte[] b = new byte[length];
        int line = 0;
        int i = 0;
        while (i < length) {
            int len = 1 + random.nextInt(120);
            boolean dot = line++ % dotsEvery == 0;
            for (int k = 0; k < len && i < length; k++) {
                b[i++] = k == 0 && dot ? (byte) '.' : (byte) ('a' + random.nextInt(26));
            }
            if (i < length) {
                b[i++] = '\r';
            }
            if (i < length) {
                b[i++] = '\n';
            }
        }
        return b;
    }
}
