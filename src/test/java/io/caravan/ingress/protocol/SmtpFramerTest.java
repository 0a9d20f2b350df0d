package io.caravan.ingress.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The framer on an EmbeddedChannel: command lines, DATA bodies and BDAT chunks. */
class SmtpFramerTest {

    private SmtpFramer framer;
    private EmbeddedChannel channel;
    private final List<InboundEvent> events = new ArrayList<>();

    /** Plays a minimal session: switches the framer to DATA or BDAT mode as the verbs ask. */
    @BeforeEach
    void setUp() {
        framer = new SmtpFramer(512);
        channel = session(framer, events);
    }

    /** Where the BDAT chunks' octets go, all chunks one after the other. */
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    private EmbeddedChannel session(SmtpFramer framer, List<InboundEvent> events) {
        return new EmbeddedChannel(framer, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                events.add((InboundEvent) msg);
                if (msg instanceof InboundEvent.CommandLine line) {
                    if (line.text().equals("DATA")) {
                        framer.expectData(100, 998);
                    } else if (line.text().startsWith("BDAT ")) {
                        framer.expectChunk(Long.parseLong(line.text().substring(5)), chunks::write);
                    }
                }
            }
        });
    }

    private void send(String s) {
        send(channel, s);
    }

    private static void send(EmbeddedChannel channel, String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private static InboundEvent line(String s) {
        return new InboundEvent.CommandLine(s);
    }

    private static InboundEvent bad(InboundEvent.LineProblem p) {
        return new InboundEvent.BadCommandLine(p);
    }

    @Test
    void commandLinesEndOnlyAtCrlfAndMayArriveInPieces() {
        send("EHLO cli");
        send("ent.example\r");
        send("\nNOOP\r\nQU");
        send("IT\r\n");
        assertEquals(List.of(line("EHLO client.example"), line("NOOP"), line("QUIT")), events);
    }

    @Test
    void bareLfIsRefusedAtOnceAndTheNextLineIsFine() {
        send("NOOP\nNOOP\r\n");
        assertEquals(List.of(bad(InboundEvent.LineProblem.BARE_LINE_ENDING), line("NOOP")), events);
    }

    @Test
    void bareCrSpoilsTheLineUntilItsCrlf() {
        send("MAIL FROM:<a@b>\rRCPT TO:<c@d>\r\nNOOP\r\n");
        assertEquals(List.of(bad(InboundEvent.LineProblem.BARE_LINE_ENDING), line("NOOP")), events);
    }

    @Test
    void overlongLineIsRefusedWithoutLosingStep() {
        send("NOOP " + "x".repeat(507) + "\r\n"); // 514 octets with CRLF
        send("NOOP " + "x".repeat(505) + "\r\n"); // exactly 512: accepted
        assertEquals(bad(InboundEvent.LineProblem.TOO_LONG), events.get(0));
        assertEquals(line("NOOP " + "x".repeat(505)), events.get(1));
        assertEquals(2, events.size());
    }

    @Test
    void dataIsDotUnstuffedAndFollowedByPipelinedCommands() {
        send("DATA\r\nSubject: t\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.NONE, end.problem());
        assertEquals("Subject: t\r\n\r\n.leading dot\r\n", new String(end.content(), StandardCharsets.US_ASCII));
        assertEquals(line("QUIT"), events.get(2));
    }

    @Test
    void dataArrivingOneOctetAtATimeReadsTheSame() {
        String session = "DATA\r\nSubject: t\r\n\r\n..dot\r\nline\r\n.\r\nNOOP\r\n";
        for (char c : session.toCharArray()) {
            send(String.valueOf(c));
        }
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.NONE, end.problem());
        assertEquals("Subject: t\r\n\r\n.dot\r\nline\r\n", new String(end.content(), StandardCharsets.US_ASCII));
        assertEquals(line("NOOP"), events.get(2));
    }

    @Test
    void twoSessionsOnOneThreadReadTheirOwnBodies() {
        // the scan window is shared by the sessions of a thread; each one's partial line must stay its own
        List<InboundEvent> other = new ArrayList<>();
        EmbeddedChannel second = session(new SmtpFramer(512), other);
        send("DATA\r\nSubject: first\r\nhal");
        send(second, "DATA\r\nSubject: second\r\nother ha");
        send("f a line\r\n.\r\n");
        send(second, "lf\r\n.\r\n");
        assertEquals("Subject: first\r\nhalf a line\r\n",
                new String(((InboundEvent.DataEnd) events.get(1)).content(), StandardCharsets.US_ASCII));
        assertEquals("Subject: second\r\nother half\r\n",
                new String(((InboundEvent.DataEnd) other.get(1)).content(), StandardCharsets.US_ASCII));
    }

    @Test
    void bodyLongerThanOneReadBufferIsCountedToItsEnd() {
        String body = ("y".repeat(78) + "\r\n").repeat(300); // 24,000 octets, several 8 KiB scans
        send("DATA\r\n" + body + ".\r\nNOOP\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.TOO_BIG, end.problem());
        assertEquals(body.length(), end.size());
        assertEquals(line("NOOP"), events.get(2));
    }

    @Test
    void emptyMessageEndsAtTheFirstDotLine() {
        send("DATA\r\n.\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(0, end.content().length);
    }

    @Test
    void smugglingSequencesDoNotEndDataAndSpoilTheMessage() {
        send("DATA\r\nhello\n.\nMAIL FROM:<evil@x>\r\r.\rRCPT TO:<v@y>\r\n.\n\r\n");
        assertEquals(1, events.size(), "no end of data yet: " + events);
        send("tail\r\n.\r\nNOOP\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, end.problem());
        assertNull(end.content());
        assertEquals(line("NOOP"), events.get(2));
    }

    @Test
    void crlfDotLfDoesNotEndData() {
        send("DATA\r\nbody\r\n.\nstill body\r\n.\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.BARE_LINE_ENDING, end.problem());
    }

    @Test
    void overlongTextLineIsReportedAfterTheEndOfData() {
        send("DATA\r\n" + "y".repeat(999) + "\r\n.\r\n");
        // a dot-stuffed line of 999 raw octets is 998 after unstuffing: fine
        framer.expectData(100_000, 998);
        send("." + "z".repeat(998) + "\r\n.\r\n");
        assertEquals(InboundEvent.DataProblem.TOO_BIG, ((InboundEvent.DataEnd) events.get(1)).problem());
        InboundEvent.DataEnd ok = (InboundEvent.DataEnd) events.get(2);
        assertEquals(InboundEvent.DataProblem.NONE, ok.problem());
        framer.expectData(100_000, 998);
        send("y".repeat(999) + "\r\n.\r\n");
        assertEquals(InboundEvent.DataProblem.LINE_TOO_LONG, ((InboundEvent.DataEnd) events.get(3)).problem());
    }

    @Test
    void messageOverSizeIsCountedNotKept() {
        send("DATA\r\n");
        for (int i = 0; i < 20; i++) {
            send("0123456789\r\n");
        }
        send(".\r\nNOOP\r\n");
        InboundEvent.DataEnd end = (InboundEvent.DataEnd) events.get(1);
        assertEquals(InboundEvent.DataProblem.TOO_BIG, end.problem());
        assertNull(end.content());
        assertEquals(240, end.size());
        assertEquals(line("NOOP"), events.get(2));
    }

    @Test
    void bdatChunkIsBinaryTransparent() {
        send("BDAT 9\r\na\r\n.\r\nb\nc");
        send("BDAT 0\r\nNOOP\r\n");
        assertArrayEquals("a\r\n.\r\nb\nc".getBytes(StandardCharsets.US_ASCII), chunks.toByteArray());
        assertEquals(new InboundEvent.ChunkEnd(9), events.get(1));
        assertEquals(new InboundEvent.ChunkEnd(0), events.get(3));
        assertEquals(line("NOOP"), events.get(4));
    }

    @Test
    void chunkOctetsGoToTheSinkAsTheyArrive() {
        send("BDAT 6\r\nab");
        assertEquals("ab", chunks.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(line("BDAT 6")), events, "no end before the last octet");
        send("cd");
        send("efNOOP\r\n");
        assertEquals("abcdef", chunks.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(line("BDAT 6"), new InboundEvent.ChunkEnd(6), line("NOOP")), events);
    }

    @Test
    void skippedChunkIsNotKept() {
        framer.expectChunk(4, null);
        send("abcdNOOP\r\n");
        assertEquals(new InboundEvent.ChunkEnd(4), events.get(0));
        assertEquals(0, chunks.size());
        assertEquals(line("NOOP"), events.get(1));
    }

    @Test
    void pausedFramerHoldsPipelinedInputUntilResumed() {
        framer.pause();
        send("NOOP\r\nRSET\r\n");
        assertEquals(List.of(), events);
        framer.resume();
        channel.runPendingTasks();
        assertEquals(List.of(line("NOOP"), line("RSET")), events);
    }

    @Test
    void discardedInputIsNeverRead() {
        framer.pause();
        send("STARTTLS\r\nMAIL FROM:<injected@x>\r\n");
        framer.discardBuffered();
        framer.resume();
        channel.runPendingTasks();
        assertEquals(List.of(), events);
    }
}
